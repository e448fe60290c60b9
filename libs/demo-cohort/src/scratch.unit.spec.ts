import { generateCohort } from './index';
import { foldCohort } from './testing/fold-cohort';
import { ruleEvidence } from './testing/rule-evidence';
it('many seeds', () => {
  const bad: string[] = [];
  for (let i = 0; i < 150; i++) {
    const endDate = `20${25 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const seed = `s${i}`;
    try {
      const c = generateCohort({ seed, endDate });
      const states = foldCohort(c.commands, endDate);
      const key = (e: { patientId: string; rule: string; clinicalTime: string }) => `${e.rule} ${e.patientId} ${e.clinicalTime}`;
      const planted = c.patients.flatMap((p) => p.problems.map((x) => key({ patientId: p.id, ...x }))).sort();
      const found = [...states.values()].flatMap((s) => ruleEvidence(s, `${endDate}T00:00:00.000Z`)).map(key).sort();
      if (JSON.stringify(planted) !== JSON.stringify(found)) bad.push(`${seed} ${endDate}: planted-not-found ${planted.filter(x=>!found.includes(x))} found-not-planted ${found.filter(x=>!planted.includes(x))}`);
    } catch (e) { bad.push(`${seed} ${endDate}: ${(e as Error).message}`); }
  }
  console.log(bad.join('\n') || 'all ok');
});
