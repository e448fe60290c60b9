import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AlertStreamController } from './alerts/alert-stream.controller';
import { AlertsController } from './alerts/alerts.controller';
import { WebhooksController } from './alerts/webhooks.controller';
import { AccessRecorder } from './audit/access-recorder';
import { AuditController } from './audit/audit.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { DocsController } from './docs/docs.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth.guard';
import { PrincipalRateLimitGuard } from './http/principal-rate-limit.guard';
import { ProblemFilter } from './http/problem.filter';
import { ImportController } from './import/import.controller';
import { ImportService } from './import/import.service';
import { MetricsController } from './metrics/metrics.controller';
import { ErasureController } from './patients/erasure.controller';
import { PatientCommandsController } from './patients/patient-commands.controller';
import { PatientEventsController } from './patients/patient-events.controller';
import { PlatformModule, type PlatformOptions } from './platform/platform.module';
import { ResearchController } from './research/research.controller';
import { TimelineAlerts } from './timeline/timeline-alerts';
import { StatusController } from './status/status.controller';
import { TimelineController } from './timeline/timeline.controller';

@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(options)],
      controllers: [DashboardController, HealthController, MetricsController, DocsController, PatientCommandsController, ErasureController, PatientEventsController, ImportController, AuditController, TimelineController, StatusController, ResearchController, AlertStreamController, AlertsController, WebhooksController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard (guards run in this order): it counts verified users only.
        { provide: APP_GUARD, useClass: PrincipalRateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ImportService,
        AccessRecorder,
        TimelineAlerts,
      ],
    };
  }
}
