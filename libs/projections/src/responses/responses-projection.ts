import type { StoredEvent } from '@poems/event-store';
import { patientIdOfStream } from '@poems/kernel';
import { parsePatientEvent } from '@poems/patient';
import { applyResponseInputs, clinicalTimes, deriveResponse, foldResponse, RESPONSE_EVENT_TYPES, researchTimes, responseInputOf, type ResponseInput, type ResponseRow } from '@poems/read-models';
import { researchPseudonyms } from '../research/research-pseudonyms';
import type { ApplyContext, ProjectionDefinition } from '../runner/projection-definition';

const HANDLED: ReadonlySet<string> = new Set(RESPONSE_EVENT_TYPES);

/** Whose row, in which table: the clinical one by patient id, the research one by pseudonym. */
interface Keyed {
  readonly table: 'patient_responses' | 'research_responses';
  readonly key: string;
}

/**
 * The per-domain response (issue 12) in two tables from one pure evolve: `patient_responses` by
 * patient id with true times (for care teams: the timeline), and `research_responses` by
 * pseudonym, with event keys hashed and clinic dates shifted per patient to midnight UTC (for
 * researchers). Days count on the clinic calendar: each time's date at the offset its event
 * recorded. A factory, like the research view, because the pseudonyms are keyed.
 */
export function responsesProjection(pseudonymKeyHex: string): ProjectionDefinition {
  const pseudonyms = researchPseudonyms(pseudonymKeyHex);
  return {
    name: 'responses',
    // 2: every time keeps its clinic date, days since the start count clinic days; CMAP series by nerve code (issue 16 items 9, 14).
    version: 2,
    tables: [
      { name: 'patient_responses', columns: 'patient_id uuid PRIMARY KEY, arm text NOT NULL, row jsonb NOT NULL' },
      { name: 'research_responses', columns: 'pseudo_id text PRIMARY KEY, arm text NOT NULL, row jsonb NOT NULL', indexes: ['(arm)'] },
    ],
    handles: (event) => patientIdOfStream(event.streamId) !== undefined && HANDLED.has(event.type),
    async apply(context, stored) {
      const rows = new Map<string, { keyed: Keyed; row: ResponseRow | undefined }>();
      const work = stored.flatMap((event) => inputsOf(event, pseudonyms));
      await load(context, rows, work.map((w) => w.keyed));
      const inputsPerRow = new Map<string, ResponseInput[]>();
      for (const { keyed, input } of work) {
        const id = `${keyed.table}:${keyed.key}`;
        const inputs = inputsPerRow.get(id);
        if (inputs) inputs.push(input);
        else inputsPerRow.set(id, [input]);
      }
      // Each row's inputs of the batch applied together, the row derived once per batch, not once per event.
      const changed = [...inputsPerRow].flatMap(([id, inputs]) => {
        const { keyed, row } = rows.get(id)!;
        const next = applyResponseInputs(row, inputs);
        return next && next !== row ? [{ keyed, row: deriveResponse(next) }] : [];
      });
      await save(context, changed);
    },
  };
}

function inputsOf(stored: StoredEvent, pseudonyms: ReturnType<typeof researchPseudonyms>) {
  const patientId = patientIdOfStream(stored.streamId)!;
  const event = parsePatientEvent(stored.type, stored.schemaVersion, stored.data);
  const corrects = event.type === 'EventCorrected' ? event.data.correctsEventId : null;
  const shift = pseudonyms.shiftDays(patientId);
  const clinical = responseInputOf(event, { subject: patientId, key: stored.eventId, correctsKey: corrects, time: clinicalTimes });
  const research = responseInputOf(event, {
    subject: pseudonyms.patient(patientId),
    key: pseudonyms.event(stored.eventId),
    correctsKey: corrects && pseudonyms.event(corrects),
    time: researchTimes(shift),
  });
  return [
    ...(clinical ? [{ keyed: { table: 'patient_responses' as const, key: patientId }, input: clinical }] : []),
    ...(research ? [{ keyed: { table: 'research_responses' as const, key: pseudonyms.patient(patientId) }, input: research }] : []),
  ];
}

async function load(context: ApplyContext, rows: Map<string, { keyed: Keyed; row: ResponseRow | undefined }>, keys: Keyed[]): Promise<void> {
  for (const table of ['patient_responses', 'research_responses'] as const) {
    const ids = [...new Set(keys.filter((k) => k.table === table).map((k) => k.key))];
    const column = table === 'patient_responses' ? 'patient_id' : 'pseudo_id';
    const found = ids.length === 0 ? [] : (await context.client.query<{ id: string; row: ResponseRow }>(`SELECT ${column}::text AS id, row FROM ${context.table(table)} WHERE ${column}::text = ANY($1::text[])`, [ids])).rows;
    for (const id of ids) rows.set(`${table}:${id}`, { keyed: { table, key: id }, row: found.find((f) => f.id === id)?.row });
  }
}

async function save(context: ApplyContext, changed: Array<{ keyed: Keyed; row: ResponseRow | undefined }>): Promise<void> {
  for (const table of ['patient_responses', 'research_responses'] as const) {
    const rows = changed.filter((c) => c.keyed.table === table).map((c) => ({ id: c.keyed.key, arm: c.row!.arm, row: c.row }));
    if (rows.length === 0) continue;
    const column = table === 'patient_responses' ? 'patient_id' : 'pseudo_id';
    const type = table === 'patient_responses' ? 'uuid' : 'text';
    await context.client.query(
      `INSERT INTO ${context.table(table)} (${column}, arm, row)
       SELECT (r->>'id')::${type}, r->>'arm', r->'row' FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (${column}) DO UPDATE SET arm = EXCLUDED.arm, row = EXCLUDED.row`,
      [JSON.stringify(rows)],
    );
  }
}

/** Time travel: a patient's clinical response row folded from their stored events (as the projection would). */
export function foldClinicalResponse(stored: ReadonlyArray<StoredEvent>): ResponseRow | undefined {
  const inputs: ResponseInput[] = [];
  for (const event of stored) {
    if (!HANDLED.has(event.type)) continue;
    const parsed = parsePatientEvent(event.type, event.schemaVersion, event.data);
    const corrects = parsed.type === 'EventCorrected' ? parsed.data.correctsEventId : null;
    const input = responseInputOf(parsed, { subject: patientIdOfStream(event.streamId)!, key: event.eventId, correctsKey: corrects, time: clinicalTimes });
    if (input) inputs.push(input);
  }
  return foldResponse(inputs);
}
