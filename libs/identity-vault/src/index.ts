export * from './envelope';
export * from './identity-vault';
export * from './identity-protecting-store';
export { KeyMismatchError, keyCheckValue } from './key-check';
