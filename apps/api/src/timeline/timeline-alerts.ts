import { Injectable } from '@nestjs/common';
import type { TimelineAlert } from '@poems/read-models';

/** The alerts shown on a timeline. Filled in by the alerts read model (issue 6). */
@Injectable()
export class TimelineAlerts {
  async current(_patientId: string): Promise<TimelineAlert[]> {
    return [];
  }

  async asOf(_patientId: string, _asOf: string): Promise<TimelineAlert[]> {
    return [];
  }
}
