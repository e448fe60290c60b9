import { acknowledgeAlertBodySchema } from './alert-commands';
import { ALERT_EVENT_TYPES, alertEventSchemas, parseAlertEvent } from './alert-events';
import { alertIdentityKey, alertStreamId } from './alert-identity';
import { raised } from './test-support/alert-stream';

describe('a stored alert event', () => {
  it('parses at its schema version', () => {
    expect(parseAlertEvent('AlertRaised', 1, raised().data)).toEqual(raised());
  });

  it('refuses an unknown type, an unsupported version or data that does not match', () => {
    expect(() => parseAlertEvent('AlertSnoozed', 1, {})).toThrow('Unknown alert event type: AlertSnoozed');
    expect(() => parseAlertEvent('AlertRaised', 2, raised().data)).toThrow('AlertRaised schema version 2 is not supported (current 1)');
    expect(() => parseAlertEvent('AlertResolved', 1, { resolvedAt: '2024-04-03T09:00:00.000Z', reason: 'BORED', detail: 'x' })).toThrow(/does not match its schema/);
  });

  it('every type is at schema version 1', () => {
    expect(ALERT_EVENT_TYPES).toEqual(['AlertRaised', 'AlertAcknowledged', 'AlertEscalated', 'AlertResolved']);
    expect(ALERT_EVENT_TYPES.map((t) => alertEventSchemas[t].schemaVersion)).toEqual([1, 1, 1, 1]);
  });
});

describe('the acknowledge body (POST /v1/alerts/{id}/acknowledge)', () => {
  it('takes an outcome and an optional reason, nothing else', () => {
    expect(acknowledgeAlertBodySchema.parse({ outcome: 'accepted' })).toEqual({ outcome: 'accepted' });
    expect(acknowledgeAlertBodySchema.parse({ outcome: 'overridden', reason: 'patient declined' })).toEqual({ outcome: 'overridden', reason: 'patient declined' });
    expect(acknowledgeAlertBodySchema.safeParse({ outcome: 'snoozed' }).success).toBe(false);
    expect(acknowledgeAlertBodySchema.safeParse({ outcome: 'accepted', by: 'someone else' }).success).toBe(false);
  });
});

describe('alert identity', () => {
  it('names the stream alert-<id>', () => {
    expect(alertStreamId('3f0c9a52-6d1e-4b7a-9c2d-5e8f1a2b3c4d')).toBe('alert-3f0c9a52-6d1e-4b7a-9c2d-5e8f1a2b3c4d');
  });

  it('is one canonical string per patient + rule + episode, whatever the episode key holds', () => {
    const patient = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
    expect(alertIdentityKey(patient, 'DEX_CYCLE_MISSED', 'due:2024-03-30T09:00:00.000Z')).toBe(
      '["poems-alert",1,"6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c","DEX_CYCLE_MISSED","due:2024-03-30T09:00:00.000Z"]',
    );
    const other = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
    const keys = [
      alertIdentityKey(patient, 'ARM_MISMATCH', 'transplant'),
      alertIdentityKey(other, 'ARM_MISMATCH', 'transplant'),
      alertIdentityKey(patient, 'LOW_CD34_YIELD', 'transplant'),
      alertIdentityKey(patient, 'ARM_MISMATCH', 'drug-therapy'),
    ];
    expect(new Set(keys).size).toBe(4);
  });
});
