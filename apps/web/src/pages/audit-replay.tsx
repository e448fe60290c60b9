import { useEffect, useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';
import type { paths } from '../api/schema';
import { ErrorNote } from '../components/badges';
import { Time, useClinicZone } from '../components/time';
import { type PatientListItem, patientLabel } from '../patients-lookup';
import { Link } from '../router';
import { fromLocalInput } from '../time';

type Stored = paths['/v1/audit/streams/{streamId}']['get']['responses'][200]['content']['application/json']['events'][number];

/**
 * Two questions an auditor asks: what did the system hold at a recorded moment (every event stored
 * up to then, later corrections absent), and what had happened by a clinical moment, as known now
 * (events whose clinical time is up to then, whenever they were recorded).
 */
export function Replay() {
  const zone = useClinicZone();
  const [patients, setPatients] = useState<PatientListItem[]>([]);
  const [patientId, setPatientId] = useState('');
  const [mode, setMode] = useState<'recorded' | 'clinical'>('recorded');
  const [when, setWhen] = useState('');
  const [events, setEvents] = useState<Stored[] | null>(null);
  const [replayed, setReplayed] = useState<{ at: string; mode: 'recorded' | 'clinical'; patientId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.GET('/v1/patients', { params: { query: { limit: '200' } } }).then(({ data }) => setPatients(data?.items ?? []));
  }, []);

  const replay = async (event: Event) => {
    event.preventDefault();
    const instant = fromLocalInput(when, zone);
    if (!patientId || !instant) return setError('Choose a patient and a moment.');
    setError(null);
    const query = mode === 'recorded' ? { asOf: instant } : {};
    const { data, error: problem } = await api.GET('/v1/audit/streams/{streamId}', { params: { path: { streamId: `patient-${patientId}` }, query } });
    if (!data) {
      setEvents(null);
      return setError(problemMessage(problem));
    }
    setEvents(mode === 'recorded' ? data.events : data.events.filter((e) => e.occurredAt <= instant));
    setReplayed({ at: instant, mode, patientId });
  };

  return (
    <section class="panel" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay a patient</h2>
      <form class="filters" onSubmit={(e) => void replay(e)}>
        <label for="replay-patient">
          Patient
          <select id="replay-patient" value={patientId} onChange={(e) => setPatientId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {patients.map((p) => (
              <option key={p.patientId} value={p.patientId}>
                {patientLabel(p).name} ({p.patientId.slice(0, 8)})
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>As of</legend>
          <label class="inline">
            <input type="radio" name="replay-mode" checked={mode === 'recorded'} onChange={() => setMode('recorded')} /> a recorded time (what the system held)
          </label>
          <label class="inline">
            <input type="radio" name="replay-mode" checked={mode === 'clinical'} onChange={() => setMode('clinical')} /> a clinical time (what had happened, as known now)
          </label>
        </fieldset>
        <label for="replay-moment">
          Moment ({zone})
          <input id="replay-moment" type="datetime-local" step={1} value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
        </label>
        <button type="submit">Replay</button>
      </form>
      <ErrorNote message={error} />
      {events && replayed && (
        <div class="replay-result">
          <p role="status">
            {events.length} events {replayed.mode === 'recorded' ? 'recorded up to' : 'with a clinical time up to'} <Time iso={replayed.at} />.{' '}
            {replayed.mode === 'recorded' && (
              <Link href={`/patients/${replayed.patientId}?asOf=${encodeURIComponent(replayed.at)}`}>Open the timeline as it was then</Link>
            )}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Rev.</th>
                  <th scope="col">Event</th>
                  <th scope="col">Clinical time</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">By</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Hash</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => {
                  const meta = e.metadata as { actor?: { userId?: string; role?: string }; reason?: string; hash?: string };
                  return (
                    <tr key={e.eventId}>
                      <td>{e.revision}</td>
                      <td>{e.type}</td>
                      <td>
                        <Time iso={e.occurredAt} />
                      </td>
                      <td>
                        <Time iso={e.recordedAt} />
                      </td>
                      <td>{meta.actor ? `${meta.actor.userId} (${meta.actor.role})` : '—'}</td>
                      <td>{meta.reason ?? '—'}</td>
                      <td class="hash">{String((e as { hash?: string }).hash ?? meta.hash ?? '').slice(0, 12)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
