export * from './timeline/timeline-rows';
export * from './timeline/timeline-evolve';
export * from './timeline/timeline-view';
export * from './timeline/timeline-schedule';
export * from './timeline/patient-summary';
export * from './research';
export * from './response';
