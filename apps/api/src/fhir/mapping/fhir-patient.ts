import type { Patient } from '@medplum/fhirtypes';
import type { PatientState } from '@poems/patient';
import { concept, IDENTIFIER_TYPE, MRN_SYSTEM } from './fhir-codes';

/** The identity as the vault revealed it: plaintext, or `{erased: true}`. */
export type RevealedIdentity = { birthDate?: string; name?: string; mrn?: string } | { erased: true };

/** Patient: name, MRN and birth date while the identity exists; after erasure, none of them. */
export function patientResource(patientId: string, state: PatientState, identity: RevealedIdentity | null, mrnAuthority: string, lastUpdated: string): Patient {
  const known = identity && !('erased' in identity) ? identity : null;
  return {
    resourceType: 'Patient',
    id: patientId,
    meta: { lastUpdated },
    active: state.status === 'ENROLLED',
    ...(known?.mrn && {
      identifier: [{ use: 'usual', type: concept(IDENTIFIER_TYPE, 'MR', 'Medical record number'), system: MRN_SYSTEM(mrnAuthority), value: known.mrn, assigner: { display: mrnAuthority } }],
    }),
    ...(known?.name && { name: [{ text: known.name }] }),
    ...(state.enrolment && { gender: state.enrolment.sex }),
    ...(known?.birthDate && { birthDate: known.birthDate }),
  };
}
