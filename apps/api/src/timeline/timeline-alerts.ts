import { Inject, Injectable } from '@nestjs/common';
import { patientAlerts, toListItem } from '@poems/projections';
import type { TimelineAlert } from '@poems/read-models';
import { type Infrastructure, loadAlert } from '@poems/runtime';
import { INFRASTRUCTURE } from '../platform/tokens';

/** The alerts shown on a timeline: live from the inbox, or each alert stream folded up to `asOf`. */
@Injectable()
export class TimelineAlerts {
  constructor(@Inject(INFRASTRUCTURE) private readonly infra: Infrastructure) {}

  async current(patientId: string): Promise<TimelineAlert[]> {
    return (await patientAlerts(this.infra.pool, this.infra.schema, patientId)).map(toListItem);
  }

  async asOf(patientId: string, asOf: string): Promise<TimelineAlert[]> {
    const known = await patientAlerts(this.infra.pool, this.infra.schema, patientId);
    const past = await Promise.all(known.map((alert) => loadAlert(this.infra.rawStore, alert.alertId, asOf)));
    return past.flatMap(({ state }) => (state.status === 'NONE' ? [] : [toListItem(state)]));
  }
}
