export * from './demo-identity-provider';
export * from './demo-users';
