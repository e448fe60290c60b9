export * from './test-database';
export * from './patient-histories';
export * from './redis-server';
export * from './prometheus';
