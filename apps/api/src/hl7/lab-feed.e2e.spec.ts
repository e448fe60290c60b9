import { randomUUID } from 'node:crypto';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';
import { MllpListenerService } from './mllp-listener.service';
import { mappingFile, oru } from './testing/lab-messages';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

function segmentsOf(ack: Hl7Message, name: string): string[] {
  return ack.getAllSegments(name).map((segment) => segment.toString());
}

describe('a day of lab traffic over MLLP', () => {
  let api: TestApi;
  let client: Hl7Client;
  let admin: string;
  let mapping: ReturnType<typeof mappingFile>;
  const patientId = randomUUID();
  const otherTeamPatient = randomUUID();

  beforeAll(async () => {
    mapping = mappingFile();
    api = await startTestApi({ withAlerts: true, env: { HL7_MAPPING_FILE: mapping.path, MRN_ASSIGNING_AUTHORITY: 'HOSP' } });
    admin = api.token('root', ['admin']);
    const history = [
      { type: 'EnrollPatient', patientId, name: 'Hanako Yamada', mrn: 'MRN-1001', birthDate: '1950-02-03', sex: 'female', heightCm: 152, weightKg: 48, careTeam: 'haem-a', enrolledAt: daysAgo(60).toISOString() },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: daysAgo(55).toISOString(), reason: 'Protocol start dose' },
      { type: 'EnrollPatient', patientId: otherTeamPatient, mrn: 'MRN-2002', birthDate: '1949-05-06', sex: 'male', heightCm: 170, weightKg: 60, careTeam: 'haem-b', enrolledAt: daysAgo(60).toISOString() },
    ];
    const imported = await api.request('POST', '/v1/import', { raw: history.map((line) => JSON.stringify(line)).join('\n'), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    const port = api.app.get(MllpListenerService).listener.port;
    client = new Hl7Client({ host: '127.0.0.1', port });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await api?.close();
  });

  const send = async (text: string) => // No timeoutMs: the client leaves its timer running after the answer (Jest's timeout bounds the wait).
    client.sendAndWait(Hl7Message.parse(text));
  const labEvents = async () => {
    const { body } = await api.request('GET', `/v1/patients/${patientId}/events`, { token: admin });
    return (body.events as { type: string; eventId: string; data: any; metadata: any }[]).filter((e) => e.type === 'LabResultRecorded' || e.type === 'EventCorrected');
  };

  it('records finals, supersedes with a correction, answers a duplicate with its first ACK, refuses what it cannot record, and logs everything', async () => {
    // 07:00 the morning VEGF (normal) and immunofixation, coded.
    const first = oru({
      controlId: 'MSG-0001',
      mrn: 'MRN-1001',
      birthDate: '19500203',
      accession: 'A-100',
      collectedAt: daysAgo(2),
      results: [
        { code: '75628-8', text: 'VEGF \\T\\ serum', value: '420', unit: 'pg/mL', range: '0-600', flag: 'N' },
        { valueType: 'CWE', code: '25700-6', text: 'Immunofixation', value: 'NEG^Negative^L' },
      ],
    });
    const ack1 = await send(first);
    expect(ack1.getSegment('MSA')!.toString()).toBe('MSA|AA|MSG-0001');
    expect(await labEvents()).toHaveLength(2);

    // 09:00 a VEGF above the limit: a rebound after the normal one.
    const ack2 = await send(oru({ controlId: 'MSG-0002', mrn: 'MRN-1001', accession: 'A-101', collectedAt: daysAgo(1), results: [{ code: '75628-8', value: '1.45', unit: 'ng/mL', range: '<0.6', flag: 'H' }] }));
    expect(ack2.getSegment('MSA')!.getField(1).toString()).toBe('AA');
    const rebound = (await labEvents()).find((e) => e.data.accessionId === 'A-101')!;
    expect(rebound.data).toMatchObject({ test: 'VEGF', value: 1450, unit: 'pg/mL', reportedValue: 1450, upperLimitOfNormal: 600, aboveUpperLimit: true, specimen: 'serum', method: 'RIA' });
    expect(rebound.metadata).toMatchObject({ source: 'hl7', actor: { userId: 'lab-feed:central-lab', role: 'system' } });

    // 10:00 the lab corrects it (OBX-11 C): it supersedes the result, never sits beside it.
    const ack3 = await send(oru({ controlId: 'MSG-0003', mrn: 'MRN-1001', accession: 'A-101', collectedAt: daysAgo(1), results: [{ code: '75628-8', value: '1540', unit: 'pg/mL', range: '<600', status: 'C' }] }));
    expect(ack3.getSegment('MSA')!.getField(1).toString()).toBe('AA');
    const afterCorrection = await labEvents();
    expect(afterCorrection.filter((e) => e.type === 'LabResultRecorded')).toHaveLength(3);
    const correction = afterCorrection.find((e) => e.type === 'EventCorrected')!;
    expect(correction.data).toMatchObject({ correctsEventId: rebound.eventId, correctedType: 'LabResultRecorded', data: { value: 1540, accessionId: 'A-101' } });

    // 11:00 the interface engine resends the first message: the same ACK, nothing written.
    const again = await send(first);
    expect(again.toString()).toBe(ack1.toString());
    expect(await labEvents()).toHaveLength(4);

    // 12:00 an unknown patient, and a patient of a care team this lab does not report on: the same AE.
    for (const [controlId, mrn] of [['MSG-0004', 'MRN-9999'], ['MSG-0005', 'MRN-2002']] as const) {
      const ack = await send(oru({ controlId, mrn, birthDate: '19490506', accession: `A-${controlId}`, collectedAt: daysAgo(1), results: [{ code: '75628-8', value: '300', unit: 'pg/mL' }] }));
      expect(ack.getSegment('MSA')!.getField(1).toString()).toBe('AE');
      expect(segmentsOf(ack, 'ERR')).toEqual(['ERR||PID^1^3|204^Unknown key identifier^HL70357|E||||PID-3: no enrolled patient this feed reports on has this identifier']);
    }

    // 13:00 one mapped result and one unmapped code: nothing of the message is written.
    const mixed = oru({
      controlId: 'MSG-0006',
      mrn: 'MRN-1001',
      accession: 'A-102',
      collectedAt: daysAgo(1),
      results: [
        { code: '26499-4', value: '3200', unit: '/uL' },
        { code: 'CD34', system: '99CLAB', text: 'CD34\\S\\count', value: '12', unit: '/uL' },
      ],
    });
    const ack6 = await send(mixed);
    expect(ack6.getSegment('MSA')!.getField(1).toString()).toBe('AE');
    expect(segmentsOf(ack6, 'ERR')).toEqual(['ERR||OBX^2^3|103^Table value not found^HL70357|E||||OBX(2)-3: code 99CLAB CD34 is not in the mapping']);
    expect(await labEvents()).toHaveLength(4);

    // 14:00 a preliminary result: acknowledged, not recorded (the final will be).
    const ack7 = await send(oru({ controlId: 'MSG-0007', mrn: 'MRN-1001', accession: 'A-103', collectedAt: daysAgo(0.1), results: [{ code: '75628-8', value: '700', unit: 'pg/mL', status: 'P' }] }));
    expect(ack7.getSegment('MSA')!.getField(1).toString()).toBe('AA');
    expect(await labEvents()).toHaveLength(4);

    // The rise above the limit after a normal value raised its alert, from the lab's event: a
    // suspected rebound (one value; a repeat within the protocol's window would confirm it).
    const alerts = await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}&rule=VEGF_REBOUND_SUSPECTED`, { token: admin });
      return body.items.length ? body.items : undefined;
    }, 'the suspected VEGF rebound alert', 20_000);
    expect(alerts).toHaveLength(1);

    const { body: log } = await api.request('GET', '/v1/hl7/intake?limit=20', { token: admin });
    expect(log.entries.map((e: { controlId: string; status: string; ackCode: string }) => [e.controlId, e.status, e.ackCode]).reverse()).toEqual([
      ['MSG-0001', 'recorded', 'AA'],
      ['MSG-0002', 'recorded', 'AA'],
      ['MSG-0003', 'recorded', 'AA'],
      ['MSG-0001', 'duplicate', 'AA'],
      ['MSG-0004', 'refused', 'AE'],
      ['MSG-0005', 'refused', 'AE'],
      ['MSG-0006', 'refused', 'AE'],
      ['MSG-0007', 'accepted', 'AA'],
    ]);
    expect(JSON.stringify(log)).not.toContain('MRN-');
    expect((await api.request('GET', '/v1/hl7/intake', { token: api.token('dr', ['clinician'], ['haem-a']) })).status).toBe(403);

    // The analyst maps the code; an admin replays the refused message: now it is recorded, once.
    mapping.write([{ system: '99CLAB', code: 'CD34', test: 'PLATELETS', specimen: 'blood' }]);
    const refused = log.entries.find((e: { controlId: string }) => e.controlId === 'MSG-0006');
    const replay = await api.request('POST', `/v1/hl7/intake/${refused.id}/replay`, { token: admin, body: { reason: 'CD34 mapped by the interface analyst' } });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ status: 'recorded', ackCode: 'AA' });
    const replayed = (await labEvents()).filter((e) => e.data.accessionId === 'A-102');
    expect(replayed).toHaveLength(2);
    expect(replayed[0]!.metadata.reason).toContain('CD34 mapped by the interface analyst');
    expect((await api.request('POST', `/v1/hl7/intake/${refused.id}/replay`, { token: admin, body: { reason: 'again' } })).status).toBe(409);
  }, 60_000);
});
