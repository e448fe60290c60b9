export * from './response-rows';
export * from './response-inputs';
export * from './response-criteria';
export * from './response-evolve';
export * from './response-summary';
