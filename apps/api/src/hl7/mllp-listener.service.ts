import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import type { Logger } from 'pino';
import { APP_CONFIG, LOGGER } from '../platform/tokens';
import { anyFeedAllows } from './hl7-feeds';
import type { Hl7IntakeService } from './hl7-intake.service';
import type { MappingSource } from './hl7-mapping-file';
import { HL7_INTAKE, HL7_MAPPING } from './hl7-tokens';
import { MllpListener } from './mllp-listener';

/** The MLLP listener runs with the API (HL7_MLLP_HOST:HL7_MLLP_PORT) and stops with it. */
@Injectable()
export class MllpListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly listener: MllpListener;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(HL7_INTAKE) intake: Hl7IntakeService,
    @Inject(HL7_MAPPING) mapping: MappingSource,
  ) {
    this.listener = new MllpListener(
      {
        host: config.HL7_MLLP_HOST,
        port: config.HL7_MLLP_PORT,
        maxFrameBytes: config.HL7_MAX_MESSAGE_BYTES,
        maxConnections: config.HL7_MAX_CONNECTIONS,
        idleTimeoutMs: config.HL7_IDLE_TIMEOUT_MS,
      },
      {
        allows: (peer) => anyFeedAllows(mapping.mapping.feeds, peer),
        message: async (text, peer) => (await intake.answer(text, { channel: { kind: 'mllp', peer } }, (error) => this.failed(error))).ack,
        oversized: (peer, bytes) => intake.rejectUnread({ kind: 'mllp', peer }, `the message is larger than HL7_MAX_MESSAGE_BYTES (${config.HL7_MAX_MESSAGE_BYTES} bytes; ${bytes} received)`),
        log: (event, details) => this.logger.warn({ event, ...details }, 'mllp'),
      },
    );
  }

  private failed(error: unknown): void {
    this.logger.error({ err: error }, 'an HL7 message could not be processed; the sender was answered AE');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.logger.info({ host: this.config.HL7_MLLP_HOST, port: this.listener.port }, 'MLLP listener started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }
}
