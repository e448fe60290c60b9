export * from './runner/projection-definition';
export * from './runner/projection-catalog';
export * from './runner/projection-runner';
export * from './runner/projection-rebuild';
export * from './timeline/timeline-projection';
export * from './timeline/timeline-queries';
export * from './all-projections';
