export * from './research-rows';
export * from './research-dates';
export * from './research-evolve';
export * from './research-statistics';
export * from './research-vegf-series';
