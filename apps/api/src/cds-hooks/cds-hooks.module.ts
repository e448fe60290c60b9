import { Module } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import type { Infrastructure } from '@poems/runtime';
import { APP_CONFIG, INFRASTRUCTURE } from '../platform/tokens';
import { CdsCardLog } from './cds-card-log';
import { readCdsClients } from './cds-clients-file';
import { CDS_CARD_LOG, CDS_VERIFIER, CdsHooksController } from './cds-hooks.controller';
import { CdsJwtVerifier } from './cds-jwt';

/** CDS Hooks services for EHRs (GET /cds-services). A bad clients file stops start-up. */
@Module({
  controllers: [CdsHooksController],
  providers: [
    { provide: CDS_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new CdsJwtVerifier(readCdsClients(config.CDS_HOOKS_CLIENTS_FILE)) },
    { provide: CDS_CARD_LOG, inject: [INFRASTRUCTURE], useFactory: (infra: Infrastructure) => CdsCardLog.open(infra.pool, infra.schema) },
  ],
})
export class CdsHooksModule {}
