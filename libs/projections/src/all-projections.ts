import type { ProjectionDefinition } from './runner/projection-definition';
import { TIMELINE_PROJECTION } from './timeline/timeline-projection';

/** Every projection the worker keeps up to date, by name. */
export const ALL_PROJECTIONS: readonly ProjectionDefinition[] = [TIMELINE_PROJECTION];

export function projectionNamed(name: string): ProjectionDefinition | undefined {
  return ALL_PROJECTIONS.find((projection) => projection.name === name);
}
