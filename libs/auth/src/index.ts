export * from './jwt';
export * from './principal';
export * from './policy';
