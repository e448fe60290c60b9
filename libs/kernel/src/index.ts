export * from './domain-error';
export * from './recorded-event';
export * from './stream-ids';
export * from './time';
export * from './clinic-calendar';
export * from './upcasting';
