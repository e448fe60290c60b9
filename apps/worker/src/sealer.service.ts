import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { ConcurrencyError, sealLog } from '@poems/event-store';
import type { Infrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER } from './tokens';

/** Seals the log every SEAL_INTERVAL_MS, so truncation or deletion is detectable (see log-verifier). */
@Injectable()
export class SealerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sealOnce(), this.config.SEAL_INTERVAL_MS);
  }

  async sealOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const result = await sealLog(this.infra.rawStore);
        if (result.sealed) this.logger.info(result, 'log sealed');
      } catch (error) {
        // Another worker sealed at the same moment: its seal stands, ours is not needed.
        if (!(error instanceof ConcurrencyError)) this.logger.error({ err: error }, 'sealing failed; will retry at the next interval');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
