/** Injection tokens for what the platform module provides. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');
export const REDIS = Symbol('REDIS');
export const PROJECTIONS = Symbol('PROJECTIONS');
export const QUEUES = Symbol('QUEUES');
export const WEBHOOKS = Symbol('WEBHOOKS');
export const TIMELINE_SNAPSHOTS = Symbol('TIMELINE_SNAPSHOTS');
/** The one command handler every door uses (@poems/command-pipeline). */
export const COMMAND_HANDLER = Symbol('COMMAND_HANDLER');

/** The server's clock, injected so tests can pin it. */
export type Clock = () => Date;
/** This process's Prometheus registry (see /metrics). */
export const METRICS = Symbol('METRICS');
