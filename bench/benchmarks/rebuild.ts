import type { BenchOptions } from '../options';
import type { ResultRow } from '../support/report';

export async function rebuildBenchmark(_options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  throw new Error('not written yet');
}
