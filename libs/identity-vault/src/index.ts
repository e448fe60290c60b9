export * from './envelope';
export * from './identity-vault';
export * from './identity-protecting-store';
