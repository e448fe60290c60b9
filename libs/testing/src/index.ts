export * from './test-database';
export * from './patient-histories';
