import { Module } from '@nestjs/common';
import { AccessRecorder } from '../audit/access-recorder';
import type { Infrastructure } from '@poems/runtime';
import { INFRASTRUCTURE } from '../platform/tokens';
import { EXPORT_JOBS, ExportController } from './export/export.controller';
import { ExportJobs } from './export/export-jobs';
import { FhirController } from './fhir.controller';
import { FhirRecords } from './fhir-records';

/** /fhir/R4: read, search, $everything (the Bulk Data $export is beside it). */
@Module({
  // The export's routes first: its static paths ($export…) must not be read as a resource type.
  controllers: [ExportController, FhirController],
  providers: [FhirRecords, AccessRecorder, { provide: EXPORT_JOBS, inject: [INFRASTRUCTURE], useFactory: (infra: Infrastructure) => ExportJobs.open(infra) }],
  exports: [FhirRecords],
})
export class FhirModule {}
