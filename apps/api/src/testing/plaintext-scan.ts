import type { Pool } from 'pg';

/** Every row of every table in a schema, as text, searched for each needle (case-insensitive). */
export async function findPlaintext(pool: Pool, schema: string, needles: string[]): Promise<{ table: string; needle: string }[]> {
  const tables = await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [schema]);
  const found: { table: string; needle: string }[] = [];
  for (const { table_name } of tables.rows) {
    for (const needle of needles) {
      const { rows } = await pool.query(`SELECT 1 FROM ${schema}."${table_name}" AS t WHERE t::text ILIKE '%' || $1 || '%' LIMIT 1`, [needle]);
      if (rows.length) found.push({ table: table_name, needle });
    }
  }
  return found;
}
