import { z } from 'zod';
import {
  correctEventBodySchema,
  correctEventSchema,
  enrollPatientBodySchema,
  enrollPatientSchema,
  erasePatientIdentityBodySchema,
  erasePatientIdentitySchema,
} from './enrolment-commands';
import { FACT_KINDS, type Fact, type FactCommandType, type FactKinds, isFactCommandType } from './facts/fact-registry';
import { endRegimenBodySchema, endRegimenSchema } from './treatment-commands';

import type { AnyFactKind } from './facts/fact-kind';

type CommandSchemasOf<T extends ReadonlyArray<AnyFactKind>> = { [I in keyof T]: T[I] extends AnyFactKind ? T[I]['commandSchema'] : never };
type FactCommandSchemas = CommandSchemasOf<FactKinds>;
type FactBodySchemas = { readonly [F in Fact as F['command']]: F['bodySchema'] };

/** Every patient command, discriminated by `type` (one NDJSON import line each). */
export const commandSchema = z.discriminatedUnion('type', [
  enrollPatientSchema,
  ...(FACT_KINDS.map((kind) => kind.commandSchema) as unknown as FactCommandSchemas),
  endRegimenSchema,
  correctEventSchema,
  erasePatientIdentitySchema,
]);
export type PatientCommand = z.output<typeof commandSchema>;
export type PatientCommandInput = z.input<typeof commandSchema>;
export type PatientCommandType = PatientCommand['type'];
export type FactCommand = Extract<PatientCommand, { type: FactCommandType }>;

/** The same commands without `type`, as REST bodies (patientId may be filled from the URL). */
export const commandBodySchemas = {
  EnrollPatient: enrollPatientBodySchema,
  ...(Object.fromEntries(FACT_KINDS.map((kind) => [kind.command, kind.bodySchema])) as unknown as FactBodySchemas),
  EndRegimen: endRegimenBodySchema,
  CorrectEvent: correctEventBodySchema,
  ErasePatientIdentity: erasePatientIdentityBodySchema,
} as const satisfies Record<PatientCommandType, z.ZodType>;

export const PATIENT_COMMAND_TYPES = Object.keys(commandBodySchemas) as PatientCommandType[];

export function isFactCommand(command: PatientCommand): command is FactCommand {
  return isFactCommandType(command.type);
}
