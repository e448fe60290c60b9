export * from './infrastructure';
export * from './patient-repository';
