/**
 * ECOG performance status from the ONLS leg score of the same visit. In POEMS the neuropathy is
 * what limits a patient (leg weakness, walking with sticks, a wheelchair), so the status follows the
 * legs and improves with them; no random numbers are drawn. ONLS legs: 0 walking unaffected, 1
 * affected but independent, 2 one stick, 3 two sticks, 4 a wheelchair outdoors, 5 or more a
 * wheelchair. ECOG: 0 fully active, 1 restricted in strenuous activity, 2 ambulatory and self-caring
 * but unable to work, 3 limited self-care (chair half the day). 4 (completely disabled, in bed) is
 * not used: nobody in the cohort is confined to bed.
 */
export function ecogFromLegScore(legScore: number): number {
  if (legScore <= 0) return 0;
  if (legScore <= 2) return 1;
  if (legScore === 3) return 2;
  return 3;
}
