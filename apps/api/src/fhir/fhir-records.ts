import { Inject, Injectable } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import { type MrnIndex, mrnIndexOf } from '@poems/command-pipeline';
import { findAlert, patientAlerts } from '@poems/projections';
import { type Infrastructure, loadPatient, revealIdentities } from '@poems/runtime';
import { AccessRecorder } from '../audit/access-recorder';
import type { RequestContext } from '../http/request-context';
import { careTeamOf, readAccess } from '../patients/patient-access';
import { INFRASTRUCTURE } from '../platform/tokens';
import type { RevealedIdentity } from './mapping/fhir-patient';
import { patientResources } from './mapping/patient-resources';

/**
 * A patient's FHIR resources, read as /v1 reads them: access decided from the enrolment before
 * any work, every read (refused ones too) in the access log before anything is sent.
 */
@Injectable()
export class FhirRecords {
  private readonly index: MrnIndex;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    private readonly access: AccessRecorder,
  ) {
    this.index = mrnIndexOf(infra);
  }

  async resourcesOf(ctx: RequestContext, patientId: string, action: string, query: Record<string, unknown>): Promise<Resource[]> {
    const access = readAccess(ctx, await careTeamOf(this.infra.rawStore, patientId));
    if (access.status !== 200) {
      await this.access.record(ctx, action, access.status, { patientId, query });
      throw access.refusal;
    }
    const loaded = await loadPatient(this.infra.store, patientId);
    const [enrolment] = await revealIdentities(loaded.stored.slice(0, 1), patientId, this.infra.vault);
    const identity = ((enrolment?.data as { identity?: RevealedIdentity } | undefined)?.identity ?? null) as RevealedIdentity | null;
    const alerts = await patientAlerts(this.infra.pool, this.infra.schema, patientId);
    await this.access.record(ctx, action, 200, { patientId, query });
    return patientResources({ patientId, state: loaded.state, stored: loaded.stored, identity, alerts, mrnAuthority: this.infra.config.MRN_ASSIGNING_AUTHORITY });
  }

  /** The patient an alert is about (null: no such alert). */
  async patientOfAlert(alertId: string): Promise<string | null> {
    return (await findAlert(this.infra.pool, this.infra.schema, alertId))?.patientId ?? null;
  }

  /** Patients by an MRN of this system's assigning authority (the blind index). */
  async patientsByMrn(mrn: string): Promise<string[]> {
    return this.index.find(this.index.authority, mrn);
  }

  get mrnAuthority(): string {
    return this.infra.config.MRN_ASSIGNING_AUTHORITY;
  }
}
