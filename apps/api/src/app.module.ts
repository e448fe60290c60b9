import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '@poems/auth';
import { type AppConfig, tokenVerifierOptions, webPublicUrl } from '@poems/config';
import type { Infrastructure } from '@poems/runtime';
import { AlertStreamSlots } from './alerts/alert-stream-limits';
import { AlertStreamController } from './alerts/alert-stream.controller';
import { AlertsController } from './alerts/alerts.controller';
import { StreamTickets } from './alerts/stream-tickets';
import { StreamTicketsController } from './alerts/stream-tickets.controller';
import { WebhooksController } from './alerts/webhooks.controller';
import { AccessRecorder } from './audit/access-recorder';
import { AuditController } from './audit/audit.controller';
import { DocsController } from './docs/docs.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth.guard';
import { PrincipalRateLimitGuard } from './http/principal-rate-limit.guard';
import { ProblemFilter } from './http/problem.filter';
import { CdsHooksModule } from './cds-hooks/cds-hooks.module';
import { FhirModule } from './fhir/fhir.module';
import { Hl7Module } from './hl7/hl7.module';
import { ImportController } from './import/import.controller';
import { ImportService } from './import/import.service';
import { MetricsController } from './metrics/metrics.controller';
import { ErasureController } from './patients/erasure.controller';
import { PatientCommandsController } from './patients/patient-commands.controller';
import { PatientEventsController } from './patients/patient-events.controller';
import { PlatformModule, type PlatformOptions } from './platform/platform.module';
import { APP_CONFIG, INFRASTRUCTURE } from './platform/tokens';
import { ProtocolPreviewController } from './protocols/protocol-preview.controller';
import { PatientListController } from './patients/patient-list.controller';
import { WebAppController } from './web/web-app.controller';
import { OIDC_SIGN_IN, SignInController } from './web-session/sign-in.controller';
import { OidcSignIn } from './web-session/oidc-sign-in';
import { WebSessions } from './web-session/web-sessions';
import { ResearchController } from './research/research.controller';
import { TimelineAlerts } from './timeline/timeline-alerts';
import { StatusController } from './status/status.controller';
import { TimelineController } from './timeline/timeline.controller';

@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(options), Hl7Module, FhirModule, CdsHooksModule],
      controllers: [WebAppController, SignInController, PatientListController, HealthController, MetricsController, DocsController, PatientCommandsController, ErasureController, PatientEventsController, ImportController, AuditController, TimelineController, StatusController, ResearchController, AlertStreamController, StreamTicketsController, AlertsController, WebhooksController, ProtocolPreviewController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard (guards run in this order): it counts verified users only.
        { provide: APP_GUARD, useClass: PrincipalRateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ImportService,
        AccessRecorder,
        TimelineAlerts,
        AlertStreamSlots,
        { provide: StreamTickets, inject: [INFRASTRUCTURE], useFactory: (infra: Infrastructure) => StreamTickets.open(infra.pool, infra.schema) },
        { provide: TokenVerifier, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TokenVerifier(tokenVerifierOptions(config)) },
        { provide: WebSessions, inject: [INFRASTRUCTURE, APP_CONFIG], useFactory: (infra: Infrastructure, config: AppConfig) => WebSessions.open(infra.pool, infra.schema, config.WEB_SESSION_IDLE_SECONDS) },
        { provide: OIDC_SIGN_IN, inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ signIn: OidcSignIn.fromConfig(config, webPublicUrl(config)) }) },
      ],
    };
  }
}
