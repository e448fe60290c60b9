import type { Arm } from '@poems/protocol';
import { birthDateFor, type Day } from './calendar';
import type { CourseTrait, ExpectedOutcome, PlantedRule } from './cohort-types';
import { bodySize, type CohortSex, IdentityPool, normal } from './people';
import { createRng, type Rng } from './prng';

/** Follow-up: enrolments over the first ~10 months, then everyone followed to the end date. */
export const STUDY_DAYS = 1280;
export const ENROLMENT_WINDOW_DAYS = 300;

type Template = ReadonlyArray<PlantedRule | CourseTrait>;

/** The study's 21 transplant patients; those with a planted problem or trait come first. */
const TRANSPLANT: ReadonlyArray<Template> = [
  ['VEGF_REBOUND'],
  ['LOW_CD34_YIELD'],
  ['ENGRAFTMENT_SYNDROME_SUSPECTED'],
  ['CORRECTED_VEGF_RESULT'],
  // Issues 12 and 16, transplant and VEGF.
  ['FEBRILE_NEUTROPENIA'],
  // Neutrophils engraft on day +32: delayed on day +21, a primary graft failure risk on day +30.
  ['DELAYED_ENGRAFTMENT', 'GRAFT_FAILURE_RISK'],
  ['SECONDARY_GRAFT_FAILURE'],
  ['ENGRAFTMENT_DISAGREEMENT'],
  ['PBSCT_MILESTONE_OVERDUE'],
  ['TREATMENT_NOT_STARTED'],
  ['ASSESSMENT_OVERDUE'],
  // A man given thalidomide as a bridge to transplant, off his arm.
  ['ARM_MISMATCH'],
  ...Array.from({ length: 9 }, () => []),
];

/** The study's 15 thalidomide patients: 12 improve, 3 stabilise (listed last). */
const THALIDOMIDE: ReadonlyArray<Template> = [
  ['DEX_CYCLE_MISSED'],
  ['DOSE_OFF_PROTOCOL', 'AGE_75_PLUS'],
  ['THALIDOMIDE_ESCALATION_DUE'],
  ['BRADYCARDIA'],
  ['NEUROPATHY_WORSENING'],
  // A slow VEGF responder: still above half the baseline at 6 months, normal within about 15.
  ['VEGF_NON_RESPONSE', 'ESCALATION_HELD_FOR_ADVERSE_EVENT'],
  ['REGIMEN_ENDED'],
  ['REGIMEN_ENDED', 'AGE_75_PLUS'],
  ['SEVERE_AE_ON_THALIDOMIDE', 'AGE_75_PLUS'],
  ['PREGNANCY_TEST_OVERDUE', 'THALIDOMIDE_SUPPLY_EXCEEDED', 'CHILDBEARING_POTENTIAL'],
  ['PREGNANCY_TEST_POSITIVE', 'CHILDBEARING_POTENTIAL'],
  ['THROMBOPROPHYLAXIS_MISSING'],
  ['STABLE_VEGF_ABOVE_NORMAL'],
  ['STABLE_VEGF_ABOVE_NORMAL', 'AGE_75_PLUS'],
  ['STABLE_ONLS_UNCHANGED'],
];

const PLANTED = new Set<string>([
  'DEX_CYCLE_MISSED', 'VEGF_REBOUND', 'DOSE_OFF_PROTOCOL', 'THALIDOMIDE_ESCALATION_DUE',
  'BRADYCARDIA', 'NEUROPATHY_WORSENING', 'LOW_CD34_YIELD', 'ENGRAFTMENT_SYNDROME_SUSPECTED',
  // Issues 12 and 16 (VEGF_REBOUND_SUSPECTED comes with VEGF_REBOUND's patient).
  'FEBRILE_NEUTROPENIA', 'DELAYED_ENGRAFTMENT', 'SECONDARY_GRAFT_FAILURE', 'ENGRAFTMENT_DISAGREEMENT',
  'PBSCT_MILESTONE_OVERDUE', 'TREATMENT_NOT_STARTED', 'ASSESSMENT_OVERDUE',
  'PREGNANCY_TEST_OVERDUE', 'PREGNANCY_TEST_POSITIVE', 'THALIDOMIDE_SUPPLY_EXCEEDED', 'THROMBOPROPHYLAXIS_MISSING', 'SEVERE_AE_ON_THALIDOMIDE',
  'ARM_MISMATCH', 'VEGF_NON_RESPONSE', 'GRAFT_FAILURE_RISK',
]);

export interface PatientPlan {
  readonly index: number;
  readonly id: string;
  readonly arm: Arm;
  readonly age: number;
  readonly sex: CohortSex;
  readonly birthDate: string;
  readonly name: string;
  readonly mrn: string;
  readonly careTeam: string;
  readonly heightCm: number;
  readonly weightKg: number;
  readonly enrolmentDay: Day;
  readonly lastDay: Day;
  /** Set for a patient of transplant age who cannot have one (thalidomide arm). */
  readonly transplantIneligibleReason?: string;
  readonly planted: ReadonlySet<PlantedRule>;
  readonly traits: ReadonlySet<CourseTrait>;
  readonly outcome: ExpectedOutcome;
  /** This patient's own stream of random numbers: changing one patient never shifts another. */
  readonly rng: Rng;
}

/** Templates for n patients in the study's ratio; problems are planted once, on the first pass. */
function templatesFor(patients: number): Array<{ arm: Arm; template: Template }> {
  const transplant = Math.round((patients * TRANSPLANT.length) / (TRANSPLANT.length + THALIDOMIDE.length));
  const pass = (list: ReadonlyArray<Template>, i: number) =>
    i < list.length ? (list[i] as Template) : (list[i % list.length] as Template).filter((t) => !PLANTED.has(t));
  return [
    ...Array.from({ length: transplant }, (_, i) => ({ arm: 'AUTO_PBSCT' as const, template: pass(TRANSPLANT, i) })),
    ...Array.from({ length: patients - transplant }, (_, i) => ({ arm: 'THALIDOMIDE_DEXAMETHASONE' as const, template: pass(THALIDOMIDE, i) })),
  ];
}

function careTeam(rng: Rng): string {
  const x = rng.next();
  return x < 0.45 ? 'haem-a' : x < 0.85 ? 'haem-b' : 'neuro-a';
}

export function planCohort(seed: string, endDay: Day, patients: number): PatientPlan[] {
  if (!Number.isInteger(patients) || patients < 1 || patients > 10_000) throw new RangeError(`patients must be 1-10000, got ${patients}`);
  const planRng = createRng(`${seed}|plan`);
  const identities = new IdentityPool(createRng(`${seed}|identities`));
  const studyStart = endDay - STUDY_DAYS;
  const enrolmentDays = Array.from({ length: patients }, () => studyStart + planRng.int(0, ENROLMENT_WINDOW_DAYS)).sort((a, b) => a - b);
  const templates = planRng.shuffle(templatesFor(patients));

  return templates.map(({ arm, template }, index) => {
    const rng = createRng(`${seed}|patient|${index}`);
    const traits = new Set(template.filter((t): t is CourseTrait => !PLANTED.has(t)));
    const planted = new Set(template.filter((t): t is PlantedRule => PLANTED.has(t)));
    const age =
      arm === 'AUTO_PBSCT' ? Math.round(normal(rng, 51, 8, 30, 65)) : traits.has('AGE_75_PLUS') ? rng.int(75, 84) : rng.int(66, 74);
    const drawnSex: CohortSex = rng.chance(arm === 'AUTO_PBSCT' ? 0.65 : 0.6) ? 'male' : 'female';
    // Transplant-ineligible women under 55 on thalidomide (the seed guideline sends them to this arm).
    const childbearing = traits.has('CHILDBEARING_POTENTIAL');
    // The off-arm thalidomide bridge is given to a man, so the pregnancy programme does not apply to it.
    const sex: CohortSex = childbearing ? 'female' : planted.has('ARM_MISMATCH') ? 'male' : drawnSex;
    const ageAtEnrolment = childbearing ? 38 + (age % 13) : age;
    const enrolmentDay = enrolmentDays[index] as Day;
    const stable = traits.has('STABLE_VEGF_ABOVE_NORMAL') || traits.has('STABLE_ONLS_UNCHANGED');
    return {
      index,
      id: createRng(`${seed}|patient-id|${index}`).uuid(),
      arm,
      age: ageAtEnrolment,
      sex,
      birthDate: birthDateFor(enrolmentDay, ageAtEnrolment, rng),
      name: identities.name(sex),
      mrn: identities.mrn(),
      careTeam: careTeam(rng),
      ...bodySize(rng, sex, ageAtEnrolment),
      ...(childbearing && { transplantIneligibleReason: 'Severe cardiomyopathy (LVEF 35%): not fit for high-dose melphalan' }),
      enrolmentDay,
      lastDay: endDay - 1,
      planted,
      traits,
      outcome: stable ? 'STABLE' : 'IMPROVED',
      rng,
    };
  });
}
