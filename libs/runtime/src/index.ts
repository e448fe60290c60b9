export * from './alert-repository';
export * from './infrastructure';
export * from './patient-repository';
export * from './protocol-files';
export * from './protocol-preview-runner';
export * from './metrics';
