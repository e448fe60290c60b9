export * from './app-config';
export * from './env-file';
export * from './load-or-exit';
export * from './token-settings';
