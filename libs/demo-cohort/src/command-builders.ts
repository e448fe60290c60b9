import type { PatientCommandInput } from '@poems/patient';
import { type ClockTime, type Day, localTime } from './calendar';

/**
 * One patient's commands in the making. Builders keep a fixed key order, so the NDJSON is stable
 * byte for byte, and write every clinical time in local time with its offset.
 */
export class CommandLog {
  readonly commands: PatientCommandInput[] = [];

  constructor(
    readonly patientId: string,
    /** The last day anything may be dated (the day before the end of follow-up). */
    readonly lastDay: Day,
  ) {}

  private add(command: PatientCommandInput, day: Day): void {
    if (day > this.lastDay) throw new Error(`${command.type} on day ${day} is after the end of follow-up`);
    this.commands.push(command);
  }

  enrol(day: Day, at: ClockTime, who: Enrolee): void {
    const { name, mrn, birthDate, sex, heightCm, weightKg, careTeam, transplantIneligibleReason } = who;
    const enrolledAt = localTime(day, at);
    const protocol = { id: 'poems-seed', version: 1 };
    const ineligible = transplantIneligibleReason !== undefined && { transplantIneligibleReason };
    this.add({ type: 'EnrollPatient', patientId: this.patientId, name, mrn, birthDate, sex, heightCm, weightKg, careTeam, enrolledAt, protocol, ...ineligible }, day);
  }

  bodyMeasurement(day: Day, at: ClockTime, heightCm: number, weightKg: number): void {
    this.add({ type: 'RecordBodyMeasurement', patientId: this.patientId, heightCm, weightKg, measuredAt: localTime(day, at) }, day);
  }

  thalidomide(day: Day, at: ClockTime, mgPerDay: number, reason: string): void {
    this.add({ type: 'ChangeThalidomideDose', patientId: this.patientId, mgPerDay, effectiveAt: localTime(day, at), reason }, day);
  }

  /** A regimen dose (no indication written, as a clinic sends it), or a supportive one: an antiemetic, never a cycle. */
  dexamethasone(day: Day, at: ClockTime, doseMg: number, indication?: 'SUPPORTIVE'): void {
    this.add({ type: 'RecordDexamethasoneDose', patientId: this.patientId, doseMg, givenAt: localTime(day, at), ...(indication && { indication }) }, day);
  }

  milestone(day: Day, at: ClockTime, milestone: MilestoneName, quantity: MilestoneQuantity = {}): void {
    this.add({ type: 'RecordTransplantMilestone', patientId: this.patientId, milestone, occurredAt: localTime(day, at), ...quantity }, day);
  }

  vegf(day: Day, at: ClockTime, pgPerMl: number, accessionId: string, status?: 'corrected'): void {
    const lab = { type: 'RecordLabResult', patientId: this.patientId, test: 'VEGF', value: pgPerMl, unit: 'pg/mL' } as const;
    const where = { collectedAt: localTime(day, at), specimen: 'serum', method: 'RIA', accessionId };
    this.add({ ...lab, ...where, ...(status && { status }) }, day);
  }

  bloodCount(day: Day, at: ClockTime, test: 'ANC' | 'PLATELETS', value: number): void {
    const unit = test === 'ANC' ? '/uL' : '10*3/uL';
    this.add({ type: 'RecordLabResult', patientId: this.patientId, test, value, unit, collectedAt: localTime(day, at), specimen: 'blood' }, day);
  }

  immunofixation(day: Day, at: ClockTime, mProtein: { heavyChain: string; lightChain: 'lambda' | 'kappa' } | undefined): void {
    const base = { type: 'RecordLabResult', patientId: this.patientId, test: 'M_PROTEIN_IFE' } as const;
    const where = { collectedAt: localTime(day, at), specimen: 'serum' };
    this.add(mProtein ? { ...base, value: 'positive', ...where, ...mProtein } : { ...base, value: 'negative', ...where }, day);
  }

  onls(day: Day, at: ClockTime, armScore: number, legScore: number): void {
    const assessedAt = localTime(day, at);
    this.add({ type: 'RecordAssessment', patientId: this.patientId, assessedAt, kind: 'ONLS', score: armScore + legScore, armScore, legScore }, day);
  }

  nerveConduction(day: Day, at: ClockTime, cmapAmplitudeMv: number, conductionVelocityMs: number, fWaveLatencyMs: number): void {
    const head = { type: 'RecordAssessment', patientId: this.patientId, assessedAt: localTime(day, at) } as const;
    this.add({ ...head, kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'right', cmapAmplitudeMv, conductionVelocityMs, fWaveLatencyMs }, day);
  }

  ctEffusion(day: Day, at: ClockTime, effusion: Effusions): void {
    this.add({ type: 'RecordAssessment', patientId: this.patientId, assessedAt: localTime(day, at), kind: 'CT_EFFUSION', ...effusion }, day);
  }

  edema(day: Day, at: ClockTime, grade: number): void {
    this.add({ type: 'RecordAssessment', patientId: this.patientId, assessedAt: localTime(day, at), kind: 'EDEMA', grade }, day);
  }

  vitals(day: Day, at: ClockTime, signs: Vitals): void {
    this.add({ type: 'RecordAssessment', patientId: this.patientId, assessedAt: localTime(day, at), kind: 'VITALS', ...signs }, day);
  }

  /** ECOG performance status, 0 (fully active) to 4 (completely disabled). */
  performanceStatus(day: Day, at: ClockTime, score: number): void {
    this.add({ type: 'RecordPerformanceStatus', patientId: this.patientId, scale: 'ECOG', score, assessedAt: localTime(day, at) }, day);
  }

  transfusion(day: Day, at: ClockTime, product: 'PLATELETS' | 'RED_CELLS', units: number): void {
    this.add({ type: 'RecordTransfusion', patientId: this.patientId, product, givenAt: localTime(day, at), units }, day);
  }

  adverseEvent(day: Day, at: ClockTime, term: string, grade: number, resolvedDay?: Day): void {
    const resolved = resolvedDay !== undefined && { resolvedAt: localTime(resolvedDay, at) };
    this.add({ type: 'RecordAdverseEvent', patientId: this.patientId, term, grade, onsetAt: localTime(day, at), ...resolved }, day);
  }

  pregnancyTest(day: Day, at: ClockTime, value: 'negative' | 'positive', specimen: 'urine' | 'serum' = 'urine'): void {
    this.add({ type: 'RecordLabResult', patientId: this.patientId, test: 'PREGNANCY_TEST', value, collectedAt: localTime(day, at), specimen }, day);
  }

  dispense(day: Day, at: ClockTime, mgPerDay: number, daysSupply: number): void {
    this.add({ type: 'DispenseThalidomide', patientId: this.patientId, mgPerDay, daysSupply, dispensedAt: localTime(day, at) }, day);
  }

  startThromboprophylaxis(day: Day, at: ClockTime, agent: 'ASPIRIN' | 'LMWH'): void {
    this.add({ type: 'StartThromboprophylaxis', patientId: this.patientId, agent, startedAt: localTime(day, at) }, day);
  }

  stopThromboprophylaxis(day: Day, at: ClockTime, reason: string): void {
    this.add({ type: 'StopThromboprophylaxis', patientId: this.patientId, stoppedAt: localTime(day, at), reason }, day);
  }

  endRegimen(day: Day, at: ClockTime, reason: string): void {
    this.add({ type: 'EndRegimen', patientId: this.patientId, endedAt: localTime(day, at), reason }, day);
  }
}

export interface Enrolee {
  readonly name: string;
  readonly mrn: string;
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  readonly heightCm: number;
  readonly weightKg: number;
  readonly careTeam: string;
  readonly transplantIneligibleReason?: string;
}
export type MilestoneName = Extract<PatientCommandInput, { type: 'RecordTransplantMilestone' }>['milestone'];
export interface MilestoneQuantity {
  readonly cyclophosphamideMg?: number;
  readonly cd34PerKg?: number;
  readonly melphalanMg?: number;
}
export type EffusionSize = 'none' | 'small' | 'moderate' | 'large';
export interface Effusions {
  readonly pleuralEffusion: EffusionSize;
  readonly pericardialEffusion: EffusionSize;
  readonly ascites: EffusionSize;
}
export interface Vitals {
  readonly temperatureC?: number;
  readonly heartRateBpm?: number;
  readonly systolicMmHg?: number;
  readonly diastolicMmHg?: number;
}
