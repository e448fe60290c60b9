import { addDays, isAfter, isBefore, maxIso, toMs, type IsoTime } from '@poems/kernel';
import { latestBodyMeasurementAt, milestoneOf } from '@poems/patient';
import { roundSignificant } from '@poems/protocol';
import { day, defineRule, evaluation, finding, num, shortText } from '../rule-support';

/**
 * Limits the protocol definition has no field for yet (a new protocol version would add them):
 * before engraftment is recorded the window opens on this day after infusion, and a weight this
 * fraction above the last weight at or before infusion counts as a sign.
 */
export const ENGRAFTMENT_WINDOW_START_DAY_BEFORE_ENGRAFTMENT = 5;
export const ENGRAFTMENT_WEIGHT_GAIN_FRACTION = 0.03;
/** Adverse event terms that count as a second sign (English, any case). */
export const ENGRAFTMENT_SIGN_TERMS = /\brash|diarrh(o)?ea|(pulmonary|lung) infiltrates?|hypox|weight gain/i;

interface Sign {
  readonly at: IsoTime;
  readonly eventId: string;
  readonly label: string;
}

const earliest = (signs: Sign[]): Sign | undefined => signs.sort((a, b) => toMs(a.at) - toMs(b.at))[0];

/**
 * ENGRAFTMENT_SYNDROME_SUSPECTED (critical). In the window around neutrophil engraftment
 * (engraftment + windowDaysAroundEngraftment, never before the infusion; before engraftment is
 * recorded: from infusion day +5 on), a temperature ≥ feverC and a second sign: an adverse event
 * whose term names rash, diarrhoea, pulmonary infiltrates, hypoxia or weight gain, or a weight ≥ 3%
 * above the last one at or before infusion. One episode per infusion, at the later of the first
 * fever and the first second sign; acknowledgement closes it.
 */
export const engraftmentSyndromeSuspected = defineRule(({ state, protocol }) => {
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return evaluation([]);
  const engraftment = milestoneOf(state, 'NEUTROPHIL_ENGRAFTMENT');
  const [before, after] = protocol.engraftmentSyndrome.windowDaysAroundEngraftment;
  const from = engraftment
    ? maxIso(infusion.occurredAt, addDays(engraftment.occurredAt, before))
    : addDays(infusion.occurredAt, ENGRAFTMENT_WINDOW_START_DAY_BEFORE_ENGRAFTMENT);
  const to = engraftment && addDays(engraftment.occurredAt, after);
  const inWindow = (t: IsoTime) => !isBefore(t, from) && (to === undefined || !isAfter(t, to));

  const { feverC } = protocol.engraftmentSyndrome;
  const fever = earliest(
    state.assessments.flatMap((a) =>
      a.kind === 'VITALS' && a.temperatureC !== undefined && a.temperatureC >= feverC && inWindow(a.assessedAt)
        ? [{ at: a.assessedAt, eventId: a.eventId, label: `${num(a.temperatureC)} °C` }]
        : [],
    ),
  );
  const usual = latestBodyMeasurementAt(state, infusion.occurredAt);
  const heavy = usual && roundSignificant(usual.weightKg * (1 + ENGRAFTMENT_WEIGHT_GAIN_FRACTION));
  const sign = earliest([
    ...state.adverseEvents
      .filter((e) => ENGRAFTMENT_SIGN_TERMS.test(e.term) && inWindow(e.onsetAt))
      .map((e) => ({ at: e.onsetAt, eventId: e.eventId, label: shortText(e.term, 30) })),
    ...state.bodyMeasurements
      .filter((m) => usual && heavy !== undefined && m.weightKg >= heavy && inWindow(m.measuredAt))
      .map((m) => ({ at: m.measuredAt, eventId: m.eventId, label: `weight ${num(m.weightKg)} kg (from ${num(usual?.weightKg ?? 0)})` })),
  ]);
  if (!fever || !sign) return evaluation([]);
  const summary =
    `Fever ${fever.label} on ${day(fever.at)} with ${sign.label} on ${day(sign.at)} ` +
    `after stem cell infusion: suspect engraftment syndrome`;
  return evaluation([
    finding({
      rule: 'ENGRAFTMENT_SYNDROME_SUSPECTED',
      severity: 'critical',
      episodeKey: infusion.eventId,
      clinicalTime: maxIso(fever.at, sign.at),
      summary,
      evidence: [fever.eventId, sign.eventId],
    }),
  ]);
});
