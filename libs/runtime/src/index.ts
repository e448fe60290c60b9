export * from './alert-repository';
export * from './infrastructure';
export * from './patient-repository';
export * from './metrics';
