import type { Effusions, EffusionSize } from './command-builders';
import { round1 } from './people';
import type { Rng } from './prng';

/**
 * How a patient's disease markers move after treatment starts (t = days since the first
 * thalidomide dose or the stem cell infusion). Each course is monotone where an alert rule
 * compares against a best or a baseline value, so only the problems planted on purpose fire.
 */

/** 0 before `from`, 1 after `to`, a smooth S-curve between. */
export function ramp(t: number, from: number, to: number): number {
  if (t <= from) return 0;
  if (t >= to) return 1;
  const x = (t - from) / (to - from);
  return x * x * (3 - 2 * x);
}

/** Study assay: serum VEGF by RIA, normal below 600 pg/mL. */
export const VEGF_NORMAL_BELOW = 600;

export interface VegfCurve {
  readonly baseline: number;
  /** Where the value settles; at or above normal for a patient who only stabilises. */
  readonly floor: number;
  readonly tauDays: number;
}

/**
 * Serum VEGF falls exponentially towards its floor. Once a value has been normal it stays normal
 * (a planted rebound is written by the caller), so noise alone never looks like a relapse.
 */
export class VegfSeries {
  private normalSeen = false;

  constructor(
    private readonly curve: VegfCurve,
    private readonly rng: Rng,
  ) {}

  /** Before treatment: the baseline, scaled (mobilisation chemotherapy lowers it a little). */
  beforeTreatment(factor = 1): number {
    return Math.round(this.curve.baseline * factor * this.rng.between(0.94, 1.06));
  }

  at(t: number): number {
    const { baseline, floor, tauDays } = this.curve;
    let value = (floor + (baseline - floor) * Math.exp(-t / tauDays)) * this.rng.between(0.92, 1.08);
    if (floor >= VEGF_NORMAL_BELOW) value = Math.max(value, floor * 0.9);
    if (this.normalSeen && value >= 560) value = this.rng.between(470, 560);
    const rounded = Math.round(value);
    if (rounded < VEGF_NORMAL_BELOW) this.normalSeen = true;
    return rounded;
  }
}

export interface NeuropathyCourse {
  readonly arm0: number;
  readonly leg0: number;
  readonly armGain: number;
  readonly legGain: number;
  readonly cmap0: number;
  readonly cmapGain: number;
  readonly velocity0: number;
  readonly velocityGain: number;
  readonly fWave0: number;
  readonly fWaveGain: number;
  /** Days after treatment start over which the nerves recover. */
  readonly from: number;
  readonly to: number;
}

/** A baseline ONLS of 4-8 (arms 1-3, legs 3-5) and a reduced, slowed median nerve. */
export function neuropathyCourse(rng: Rng, onlsGain: number, cmapGain: number, from: number, to: number): NeuropathyCourse {
  const arm0 = rng.int(1, 3);
  const leg0 = rng.int(3, 5);
  const gain = Math.min(onlsGain, arm0 + leg0);
  const armGain = Math.min(arm0, Math.floor(gain / 2));
  const recovering = cmapGain > 0.5;
  return {
    arm0,
    leg0,
    armGain,
    legGain: Math.min(leg0, gain - armGain),
    cmap0: round1(rng.between(1.2, 3.8)),
    cmapGain,
    velocity0: round1(rng.between(28, 39)),
    velocityGain: recovering ? rng.between(5, 12) : 0,
    fWave0: round1(rng.between(36, 47)),
    fWaveGain: recovering ? rng.between(3, 8) : 0,
    from,
    to,
  };
}

export function onlsAt(course: NeuropathyCourse, t: number): { arm: number; leg: number } {
  const r = ramp(t, course.from, course.to);
  return { arm: course.arm0 - Math.round(course.armGain * r), leg: course.leg0 - Math.round(course.legGain * r) };
}

/** Nerve conduction with a little measurement noise, never more than 8% below the best so far. */
export class NerveConductionSeries {
  private best = 0;

  constructor(
    private readonly course: NeuropathyCourse,
    private readonly rng: Rng,
  ) {}

  at(t: number): { cmap: number; velocity: number; fWave: number } {
    const c = this.course;
    const r = ramp(t, c.from, c.to);
    const cmap = round1(Math.max(c.cmap0 + c.cmapGain * r + this.rng.between(-0.15, 0.15), this.best * 0.92, 0.3));
    this.best = Math.max(this.best, cmap);
    const velocity = round1(c.velocity0 + c.velocityGain * r + this.rng.between(-1, 1));
    const fWave = round1(c.fWave0 - c.fWaveGain * r + this.rng.between(-0.8, 0.8));
    return { cmap, velocity, fWave };
  }
}

const SIZES: ReadonlyArray<EffusionSize> = ['none', 'small', 'moderate', 'large'];

export interface FluidCourse {
  readonly pleural: number;
  readonly pericardial: number;
  readonly ascites: number;
  readonly edema: number;
  /** The smallest size left (1 = small) for a patient who only stabilises. */
  readonly residual: number;
}

/** Effusions on CT and oedema: present at baseline, resolving over the first year. */
export function fluidCourse(rng: Rng, resolves: boolean): FluidCourse {
  return {
    pleural: rng.int(1, 2),
    pericardial: rng.int(0, 1),
    ascites: rng.int(0, 2),
    edema: rng.int(1, 3),
    residual: resolves ? 0 : 1,
  };
}

function shrink(size: number, r: number, residual: number): number {
  return Math.max(Math.min(size, residual), Math.round(size * (1 - r)));
}

export function effusionsAt(course: FluidCourse, t: number): Effusions {
  const r = ramp(t, 20, 330);
  const size = (n: number) => SIZES[shrink(n, r, course.residual)] as EffusionSize;
  return { pleuralEffusion: size(course.pleural), pericardialEffusion: size(course.pericardial), ascites: size(course.ascites) };
}

export function edemaAt(course: FluidCourse, t: number): number {
  return shrink(course.edema, ramp(t, 10, 240), course.residual);
}
