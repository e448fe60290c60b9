export * from './domain-error';
export * from './recorded-event';
export * from './time';
export * from './upcasting';
