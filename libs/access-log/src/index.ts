export * from './access-log';
