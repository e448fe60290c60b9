export * from './claims';
export * from './local-tokens';
export * from './oidc-issuer';
export * from './principal';
export * from './policy';
export * from './token-verifier';
