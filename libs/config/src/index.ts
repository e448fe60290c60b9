export * from './app-config';
export * from './env-file';
