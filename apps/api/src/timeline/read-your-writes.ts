import type { ProjectionCatalog } from '@poems/projections';
import { HttpProblem } from '../http/http-problem';
import { countField } from '../http/query-fields';

export const minPositionField = countField()
  .optional()
  .describe('A global position a command answered with: wait (bounded) until this view includes it');

/** Waits until a projection includes a position, or answers 503 saying how to retry. */
export async function awaitProjection(catalog: ProjectionCatalog, projection: string, minPosition: number | undefined, timeoutMs: number): Promise<void> {
  if (minPosition === undefined) return;
  if (await catalog.waitFor(projection, minPosition, timeoutMs)) return;
  throw new HttpProblem(
    503,
    'PROJECTION_BEHIND',
    `The ${projection} view has not caught up to position ${minPosition} within ${timeoutMs} ms (see GET /v1/status); retry shortly`,
    undefined,
    { 'Retry-After': '1' },
  );
}
