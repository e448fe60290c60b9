import type { ProjectionDefinition } from './runner/projection-definition';
import { ALERTS_PROJECTION } from './alerts/alerts-projection';
import { researchProjection } from './research/research-projection';
import { TIMELINE_PROJECTION } from './timeline/timeline-projection';
import { responsesProjection } from './responses/responses-projection';

/** What projections need from the configuration (the research pseudonyms are keyed). */
export interface ProjectionsConfig {
  RESEARCH_PSEUDONYM_KEY: string;
}

/** Every read model the worker keeps up to date. */
export function allProjections(config: ProjectionsConfig): ProjectionDefinition[] {
  return [TIMELINE_PROJECTION, ALERTS_PROJECTION, researchProjection(config.RESEARCH_PSEUDONYM_KEY), responsesProjection(config.RESEARCH_PSEUDONYM_KEY)];
}

export function projectionNamed(config: ProjectionsConfig, name: string): ProjectionDefinition | undefined {
  return allProjections(config).find((projection) => projection.name === name);
}
