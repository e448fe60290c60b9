import { Module } from '@nestjs/common';
import { type CommandHandler, mrnIndexOf } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import type { Infrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { APP_CONFIG, CLOCK, type Clock, COMMAND_HANDLER, INFRASTRUCTURE, LOGGER } from '../platform/tokens';
import { Hl7Controller } from './hl7.controller';
import { Hl7IntakeLog } from './hl7-intake-log';
import { Hl7IntakeService } from './hl7-intake.service';
import { MappingSource } from './hl7-mapping-file';
import { Hl7Recorder } from './hl7-recorder';
import { HL7_INTAKE, HL7_INTAKE_LOG, HL7_MAPPING } from './hl7-tokens';
import { MllpListenerService } from './mllp-listener.service';

/** The HL7 v2 door: MLLP listener, POST /v1/hl7, the intake log and its replay. */
@Module({
  controllers: [Hl7Controller],
  providers: [
    {
      provide: HL7_MAPPING,
      inject: [APP_CONFIG, LOGGER],
      // A bad file stops start-up here, naming the file and the field.
      useFactory: (config: AppConfig, logger: Logger) =>
        new MappingSource(config.HL7_MAPPING_FILE, (error) => logger.error({ err: error }, 'the HL7 mapping file changed but cannot be used: keeping the last good one')),
    },
    { provide: HL7_INTAKE_LOG, inject: [INFRASTRUCTURE], useFactory: (infra: Infrastructure) => Hl7IntakeLog.open(infra) },
    {
      provide: HL7_INTAKE,
      inject: [COMMAND_HANDLER, INFRASTRUCTURE, HL7_INTAKE_LOG, HL7_MAPPING, CLOCK],
      useFactory: (handler: CommandHandler, infra: Infrastructure, log: Hl7IntakeLog, mapping: MappingSource, clock: Clock) =>
        new Hl7IntakeService(handler, new Hl7Recorder(handler, infra, mrnIndexOf(infra)), log, mapping, infra.config.MRN_ASSIGNING_AUTHORITY, clock),
    },
    MllpListenerService,
  ],
  exports: [MllpListenerService],
})
export class Hl7Module {}
