import type { ResearchMeasurementRow, ResearchPatientRow } from '@poems/read-models';
import type { ApplyContext, ProjectionTable } from '../runner/projection-definition';

/** Each column once: its name, its SQL type, the row field it holds. DDL, loads and upserts follow it. */
type Columns<T> = ReadonlyArray<readonly [column: string, sqlType: string, field: keyof T]>;

export interface ResearchTable<T> {
  name: string;
  key: string;
  columns: Columns<T>;
}

// Shifted dates are `date`: a time of day would only narrow down the true moment.
export const PATIENTS: ResearchTable<ResearchPatientRow> = {
  name: 'research_patients',
  key: 'pseudo_id',
  columns: [
    ['pseudo_id', 'text PRIMARY KEY', 'pseudoId'],
    ['arm', 'text NOT NULL', 'arm'],
    ['age_band', 'text NOT NULL', 'ageBand'],
    ['half_dose', 'boolean NOT NULL', 'halfDose'],
    ['sex', 'text NOT NULL', 'sex'],
    ['protocol_id', 'text NOT NULL', 'protocolId'],
    ['protocol_version', 'integer NOT NULL', 'protocolVersion'],
    ['enrolled_on', 'date NOT NULL', 'enrolledOn'],
    ['treatment_started_on', 'date', 'treatmentStartedOn'],
    ['regimen_ended_on', 'date', 'regimenEndedOn'],
    ['start_candidates', 'jsonb NOT NULL', 'startCandidates'],
  ],
};

export const MEASUREMENTS: ResearchTable<ResearchMeasurementRow> = {
  name: 'research_measurements',
  key: 'measurement_key',
  columns: [
    ['measurement_key', 'text PRIMARY KEY', 'key'],
    ['pseudo_id', 'text NOT NULL', 'pseudoId'],
    ['kind', 'text NOT NULL', 'kind'],
    ['measured_on', 'date NOT NULL', 'measuredOn'],
    ['value', 'double precision', 'value'],
    ['unit', 'text', 'unit'],
    ['upper_limit_of_normal', 'double precision', 'upperLimitOfNormal'],
    ['specimen', 'text', 'specimen'],
    ['method', 'text', 'method'],
    ['nerve', 'text', 'nerve'],
    ['side', 'text', 'side'],
    ['result', 'text', 'result'],
  ],
};

export const RESEARCH_TABLES: ProjectionTable[] = [
  { name: PATIENTS.name, columns: ddl(PATIENTS), indexes: ['(arm)'] },
  { name: MEASUREMENTS.name, columns: ddl(MEASUREMENTS), indexes: ['(pseudo_id, kind, measured_on)'] },
];

function ddl<T>(table: ResearchTable<T>): string {
  return table.columns.map(([column, sqlType]) => `${column} ${sqlType}`).join(', ');
}

/** A row from `to_jsonb(t)` of its table (dates come back as YYYY-MM-DD). */
export function fromColumns<T>(table: ResearchTable<T>, record: Record<string, unknown>): T {
  return Object.fromEntries(table.columns.map(([column, , field]) => [field, record[column] ?? null])) as T;
}

function toColumns<T>(table: ResearchTable<T>, row: T): Record<string, unknown> {
  return Object.fromEntries(table.columns.map(([column, , field]) => [column, row[field]]));
}

export async function loadRows<T>(context: ApplyContext, table: ResearchTable<T>, keys: Set<string>): Promise<Map<string, T>> {
  if (keys.size === 0) return new Map();
  const { rows } = await context.client.query<{ r: Record<string, unknown> }>(`SELECT to_jsonb(t) AS r FROM ${context.table(table.name)} AS t WHERE ${table.key} = ANY($1::text[])`, [[...keys]]);
  return new Map(rows.map(({ r }) => [String(r[table.key]), fromColumns(table, r)]));
}

export async function upsertRows<T>(context: ApplyContext, table: ResearchTable<T>, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const physical = context.table(table.name);
  const updates = table.columns.filter(([column]) => column !== table.key).map(([column]) => `${column} = EXCLUDED.${column}`);
  await context.client.query(
    `INSERT INTO ${physical} SELECT * FROM jsonb_populate_recordset(NULL::${physical}, $1::jsonb)
     ON CONFLICT (${table.key}) DO UPDATE SET ${updates.join(', ')}`,
    [JSON.stringify(rows.map((row) => toColumns(table, row)))],
  );
}
