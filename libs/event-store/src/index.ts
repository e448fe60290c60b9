export * from './port';
export * from './canonical-json';
export * from './hash-chain';
export { pollingSubscription, sleep } from './subscription';
export { InMemoryEventStore } from './memory/memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { runMigrations, rollbackQuietly, type Migration } from './postgres/event-store-migrations';
export { assertSchemaName } from './postgres/sql-identifiers';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
