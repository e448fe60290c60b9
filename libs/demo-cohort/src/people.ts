import type { Rng } from './prng';

/**
 * Synthetic identities and body sizes of a Japanese cohort. Names are common Japanese names
 * combined at random: any resemblance to a real patient is chance, and the cohort is labelled
 * synthetic everywhere it is shown.
 */
const FAMILY_NAMES = [
  'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato',
  'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Yamazaki',
  'Mori', 'Abe', 'Ikeda', 'Hashimoto', 'Ishikawa', 'Ogawa', 'Okada', 'Goto', 'Hasegawa', 'Murakami',
  'Kondo', 'Ishii', 'Saito', 'Sakamoto', 'Endo', 'Aoki', 'Fujita', 'Nishimura', 'Fukuda', 'Miura',
] as const;
const GIVEN_NAMES = {
  male: ['Hiroshi', 'Takashi', 'Kenji', 'Makoto', 'Shigeru', 'Minoru', 'Osamu', 'Tadashi', 'Masao', 'Yoshio',
    'Kazuo', 'Isamu', 'Akira', 'Satoshi', 'Tetsuya', 'Daisuke', 'Yuji', 'Koji', 'Naoki', 'Hideo'],
  female: ['Keiko', 'Yoko', 'Kazuko', 'Michiko', 'Sachiko', 'Hiroko', 'Kyoko', 'Akiko', 'Noriko', 'Emiko',
    'Yumiko', 'Tomoko', 'Junko', 'Mayumi', 'Naomi', 'Yuko', 'Reiko', 'Masako', 'Fumiko', 'Chieko'],
} as const;

export type CohortSex = keyof typeof GIVEN_NAMES;

/** Hands out names and record numbers without repeating one while the lists last. */
export class IdentityPool {
  private readonly usedNames = new Set<string>();
  private readonly usedMrns = new Set<string>();

  constructor(private readonly rng: Rng) {}

  name(sex: CohortSex): string {
    let candidate = '';
    for (let attempt = 0; attempt < 50; attempt += 1) {
      candidate = `${this.rng.pick(GIVEN_NAMES[sex])} ${this.rng.pick(FAMILY_NAMES)}`;
      if (!this.usedNames.has(candidate)) break;
    }
    this.usedNames.add(candidate);
    return candidate;
  }

  mrn(): string {
    let candidate = '';
    do candidate = `MRN-${this.rng.int(1_000_000, 9_999_999)}`;
    while (this.usedMrns.has(candidate));
    this.usedMrns.add(candidate);
    return candidate;
  }
}

/** A normal deviate (Box-Muller), clamped: body sizes and ages never leave plausible ranges. */
export function normal(rng: Rng, mean: number, sd: number, min: number, max: number): number {
  const u = 1 - rng.next();
  const v = rng.next();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.min(max, Math.max(min, mean + sd * z));
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Height and weight at enrolment, by sex and age (Japanese national survey orders of magnitude;
 * older patients are shorter). POEMS oedema and ascites add a few kilograms that later resolve.
 */
export function bodySize(rng: Rng, sex: CohortSex, age: number): { heightCm: number; weightKg: number } {
  const ageShrink = Math.max(0, age - 50) * 0.12;
  const heightCm = sex === 'male' ? normal(rng, 168 - ageShrink, 5.5, 152, 185) : normal(rng, 155 - ageShrink, 5, 140, 170);
  const bmi = normal(rng, 22.5, 2.6, 17.5, 29);
  return { heightCm: round1(heightCm), weightKg: round1((bmi * heightCm * heightCm) / 10_000) };
}
