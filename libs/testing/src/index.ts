export * from './test-database';
export * from './patient-histories';
export * from './redis-server';
export * from './oidc-provider';
export * from './prometheus';
