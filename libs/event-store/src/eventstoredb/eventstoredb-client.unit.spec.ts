import { EventStoreDBClient } from '@eventstore/db-client';
import { toEsdbConnectionString } from './eventstoredb-client';

describe('connection strings', () => {
  it.each([
    ['kurrentdb://127.0.0.1:2113?tls=false', 'esdb://127.0.0.1:2113?tls=false'],
    ['kurrentdb+discover://admin:changeit@cluster.local:2113?nodePreference=leader', 'esdb+discover://admin:changeit@cluster.local:2113?nodePreference=leader'],
    ['KurrentDB://a:2113,b:2113,c:2113', 'esdb://a:2113,b:2113,c:2113'],
    ['kurrent://localhost:2113', 'esdb://localhost:2113'],
    ['kdb+discover://localhost:2113', 'esdb+discover://localhost:2113'],
    ['esdb://127.0.0.1:2113?tls=false', 'esdb://127.0.0.1:2113?tls=false'],
  ])('accepts %s as the client 6.2.1 spells it', (given, expected) => {
    expect(toEsdbConnectionString(given)).toBe(expected);
  });

  it('gives the client a string it parses (6.2.1 refuses the kurrentdb:// scheme itself)', async () => {
    expect(() => EventStoreDBClient.connectionString('kurrentdb://127.0.0.1:2113?tls=false')).toThrow(/expected esdb/);
    await EventStoreDBClient.connectionString(toEsdbConnectionString('kurrentdb://127.0.0.1:2113?tls=false')).dispose();
  });

  it('refuses other schemes with the ones it takes', () => {
    expect(() => toEsdbConnectionString('postgres://127.0.0.1/test')).toThrow(/esdb:\/\/.*kurrentdb:\/\//);
    expect(() => toEsdbConnectionString('127.0.0.1:2113')).toThrow(/starts with/);
  });
});
