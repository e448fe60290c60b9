import { Module } from '@nestjs/common';
import { AccessRecorder } from '../audit/access-recorder';
import { FhirController } from './fhir.controller';
import { FhirRecords } from './fhir-records';

/** /fhir/R4: read, search, $everything (the Bulk Data $export is beside it). */
@Module({
  controllers: [FhirController],
  providers: [FhirRecords, AccessRecorder],
  exports: [FhirRecords],
})
export class FhirModule {}
