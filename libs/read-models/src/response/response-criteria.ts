import { addCalendarDays, daysBetweenDates, toMs } from '@poems/kernel';
import { findProtocol, roundTo, type ProtocolDefinition } from '@poems/protocol';
import type { ClinicalResponse, DomainAssessment, ResponseDomain, ResponseMeasurement, ResponseRow, ResponseTime, VegfResponse } from './response-rows';

type Of<K extends ResponseMeasurement['kind']> = Extract<ResponseMeasurement, { kind: K }>;
type Criteria = ProtocolDefinition['response'];

/** The rule, as the API states it beside the responses. Keep it in step with assessResponses. */
export const RESPONSE_CRITERIA_RULE = [
  'Day 0: the first thalidomide START dose above 0 mg/day (thalidomide + dexamethasone); the stem cell infusion (Auto-PBSCT).',
  'Baselines: the last sample up to the baseline anchor, from the clinic day `baselineWindowDays` before it: the first dose, or for Auto-PBSCT the first transplant step (mobilisation, else apheresis): the diagnostic sample. ONLS may instead be the first up to the clinic day `lateOnlsBaselineDays` after the anchor.',
  'VEGF (in the baseline sample’s own series, specimen + method): COMPLETE when normal (below its own limit) whatever the fall; PROGRESSION when not normal and ≥ `vegfProgressionRiseFraction` above the lowest value so far (baseline included); PARTIAL when ≤ baseline × (1 − `vegfPartialFallFraction`); NONE otherwise.',
  'HAEMATOLOGIC (immunofixation, after a positive baseline): COMPLETE when negative, NONE while positive.',
  'CLINICAL (ONLS and CMAP amplitude per nerve and side against their baselines): WORSENED when ONLS is up by `onlsChangePoints` or a CMAP down by `cmapChangeFraction`; IMPROVED when ONLS is down by `onlsChangePoints`; STABLE otherwise.',
  'Each measurement after day 0 gives its domain’s response at that time, days counted on the clinic calendar; `current` is the latest per domain.',
  'Source: Dispenzieri A. How I treat POEMS syndrome. Blood 2012;119:5650-8 (POEMS response criteria); numbers from the protocol definition’s `response`.',
].join('\n');

/** In time order, then by key: each time parsed once (a comparator that parsed made sorting the cost of a response). */
function sortedByTime<T extends { at: string; key: string }>(items: ReadonlyArray<T>): T[] {
  return items
    .map((item) => ({ item, ms: toMs(item.at) }))
    .sort((a, b) => a.ms - b.ms || (a.item.key < b.item.key ? -1 : a.item.key > b.item.key ? 1 : 0))
    .map(({ item }) => item);
}
const num = (n: number) => String(roundTo(n, 2));

/** Day 0 and the baseline anchor of a row. */
export function startsOf(row: Pick<ResponseRow, 'arm' | 'starts'>): { start: ResponseTime | null; anchor: ResponseTime | null } {
  const first = (kind: string): ResponseTime | null => {
    const found = sortedByTime(row.starts.filter((s) => s.kind === kind))[0];
    return found ? { at: found.at, on: found.on } : null;
  };
  if (row.arm === 'THALIDOMIDE_DEXAMETHASONE') {
    const start = first('THALIDOMIDE_START');
    return { start, anchor: start };
  }
  const start = first('STEM_CELL_INFUSION');
  return { start, anchor: first('MOBILISATION') ?? first('APHERESIS') ?? start };
}

/** The last sample up to the anchor from the clinic day `baselineWindowDays` before it; else the first after it up to the clinic day `lateDays` after it. */
function baselineOf<T extends ResponseMeasurement>(items: T[], anchor: ResponseTime, criteria: Criteria, lateDays = 0): T | undefined {
  const anchorMs = toMs(anchor.at);
  const from = addCalendarDays(anchor.on, -criteria.baselineWindowDays);
  const until = addCalendarDays(anchor.on, lateDays);
  const before = items.filter((m) => toMs(m.at) <= anchorMs && m.on >= from);
  return before.at(-1) ?? items.find((m) => toMs(m.at) > anchorMs && m.on <= until);
}

function vegfResponse(m: Of<'VEGF'>, baseline: Of<'VEGF'>, nadir: number, c: Criteria): { response: VegfResponse; detail: string } {
  const what = `VEGF ${num(m.value)} pg/mL (${m.seriesLabel}) against baseline ${num(baseline.value)}`;
  if (m.upperLimit !== null && m.value < m.upperLimit) return { response: 'COMPLETE', detail: `${what}: normal (< ${num(m.upperLimit)})` };
  if (m.value >= nadir * (1 + c.vegfProgressionRiseFraction)) return { response: 'PROGRESSION', detail: `${what}: ${num((m.value / nadir - 1) * 100)}% above the nadir ${num(nadir)}` };
  const fall = baseline.value === 0 ? 0 : 1 - m.value / baseline.value;
  const change = `${fall >= 0 ? '−' : '+'}${num(Math.abs(fall) * 100)}%`;
  return fall >= c.vegfPartialFallFraction - 1e-9 ? { response: 'PARTIAL', detail: `${what}: ${change}` } : { response: 'NONE', detail: `${what}: ${change}` };
}

function clinicalResponse(onls: Of<'ONLS'> | undefined, baseOnls: Of<'ONLS'> | undefined, cmaps: Map<string, Of<'CMAP'>>, baseCmaps: Map<string, Of<'CMAP'>>, c: Criteria) {
  const parts: string[] = [];
  let response: ClinicalResponse = 'STABLE';
  const evidence: string[] = [];
  for (const [nerve, latest] of cmaps) {
    const base = baseCmaps.get(nerve);
    if (!base || base.amplitude === 0) continue;
    const change = latest.amplitude / base.amplitude - 1;
    if (change <= -c.cmapChangeFraction + 1e-9) {
      response = 'WORSENED';
      parts.push(`CMAP ${nerve} ${num(latest.amplitude)} mV (${num(change * 100)}%)`);
      evidence.push(base.key, latest.key);
    }
  }
  if (onls && baseOnls) {
    const delta = onls.score - baseOnls.score;
    parts.unshift(`ONLS ${onls.score} against baseline ${baseOnls.score} (${delta > 0 ? '+' : ''}${delta})`);
    evidence.unshift(baseOnls.key, onls.key);
    if (delta >= c.onlsChangePoints) response = 'WORSENED';
    else if (delta <= -c.onlsChangePoints && response !== 'WORSENED') response = 'IMPROVED';
  }
  return { response, detail: parts.join('; ') || 'no change beyond the thresholds', evidence };
}

/** Every domain's response at each measurement after day 0 (pure; recomputed from the row's inputs). */
export function assessResponses(row: Pick<ResponseRow, 'arm' | 'protocol' | 'starts' | 'measurements'>): DomainAssessment[] {
  const protocol = findProtocol(row.protocol.id, row.protocol.version);
  const { start, anchor } = startsOf(row);
  if (!protocol || start === null || anchor === null) return [];
  const c = protocol.response;
  const all = sortedByTime(row.measurements);
  const of = <K extends ResponseMeasurement['kind']>(kind: K) => all.filter((m): m is Of<K> => m.kind === kind);
  const vegfAll = of('VEGF');
  const baseVegf = baselineOf(vegfAll, anchor, c);
  const vegf = new Set(baseVegf ? vegfAll.filter((m) => m.series === baseVegf.series) : []);
  const baseIfe = baselineOf(of('M_PROTEIN_IFE'), anchor, c);
  const onlsAll = of('ONLS');
  const baseOnls = baselineOf(onlsAll, anchor, c, c.lateOnlsBaselineDays);
  const cmapAll = of('CMAP');
  const baseCmaps = new Map<string, Of<'CMAP'>>();
  for (const nerve of new Set(cmapAll.map((m) => m.nerve))) {
    const base = baselineOf(cmapAll.filter((m) => m.nerve === nerve), anchor, c);
    if (base) baseCmaps.set(nerve, base);
  }

  const out: DomainAssessment[] = [];
  const at = (m: ResponseMeasurement, domain: ResponseDomain, response: DomainAssessment['response'], detail: string, evidence: string[]) =>
    out.push({ domain, at: m.at, daysSinceStart: daysBetweenDates(start.on, m.on), response, detail, evidence });
  let nadir = baseVegf?.value ?? Infinity;
  let latestOnls: Of<'ONLS'> | undefined;
  const latestCmaps = new Map<string, Of<'CMAP'>>();
  const startMs = toMs(start.at);
  for (const m of all.filter((x) => toMs(x.at) > startMs)) {
    if (m.kind === 'VEGF' && baseVegf && vegf.has(m)) {
      const { response, detail } = vegfResponse(m, baseVegf, nadir, c);
      at(m, 'VEGF', response, detail, [baseVegf.key, m.key]);
      nadir = Math.min(nadir, m.value);
    } else if (m.kind === 'M_PROTEIN_IFE' && baseIfe?.result === 'positive') {
      at(m, 'HAEMATOLOGIC', m.result === 'negative' ? 'COMPLETE' : 'NONE', `immunofixation ${m.result} (baseline positive)`, [baseIfe.key, m.key]);
    } else if (m.kind === 'ONLS' || m.kind === 'CMAP') {
      if (m.kind === 'ONLS' && m !== baseOnls) latestOnls = m;
      if (m.kind === 'CMAP') latestCmaps.set(m.nerve, m);
      if (!baseOnls && baseCmaps.size === 0) continue;
      if (m.kind === 'ONLS' && m === baseOnls) continue;
      const { response, detail, evidence } = clinicalResponse(latestOnls, baseOnls, latestCmaps, baseCmaps, c);
      at(m, 'CLINICAL', response, detail, evidence);
    }
  }
  return out;
}

/** The latest assessment of each domain. */
export function currentResponses(assessments: ReadonlyArray<DomainAssessment>): Record<ResponseDomain, DomainAssessment | null> {
  const latest = (domain: ResponseDomain) => assessments.filter((a) => a.domain === domain).at(-1) ?? null;
  return { VEGF: latest('VEGF'), HAEMATOLOGIC: latest('HAEMATOLOGIC'), CLINICAL: latest('CLINICAL') };
}
