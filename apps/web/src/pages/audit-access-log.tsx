import { useEffect, useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';
import type { paths } from '../api/schema';
import { ErrorNote } from '../components/badges';
import { Time, useClinicZone } from '../components/time';
import { fromLocalInput } from '../time';

type Entry = paths['/v1/audit/access-log']['get']['responses'][200]['content']['application/json']['entries'][number];
const PAGE = 50;

/** Who read or exported what, newest first, with filters and "older" paging. */
export function AccessLog() {
  const zone = useClinicZone();
  const [actor, setActor] = useState('');
  const [patientId, setPatientId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (before?: number) => {
    const query: Record<string, string> = { limit: String(PAGE) };
    if (actor.trim()) query['actor'] = actor.trim();
    if (patientId.trim()) query['patientId'] = patientId.trim();
    const fromInstant = from && fromLocalInput(from, zone);
    const toInstant = to && fromLocalInput(to, zone);
    if (fromInstant) query['from'] = fromInstant;
    if (toInstant) query['to'] = toInstant;
    if (before) query['before'] = String(before);
    const { data, error: problem } = await api.GET('/v1/audit/access-log', { params: { query } });
    if (!data) return setError(problemMessage(problem));
    setError(null);
    setEntries(before ? [...entries, ...data.entries] : data.entries);
    setNext(data.next);
  };
  useEffect(() => void load(), []);

  return (
    <section class="panel" aria-labelledby="access-title">
      <h2 id="access-title">Access log</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          User
          <input value={actor} onInput={(e) => setActor(e.currentTarget.value)} />
        </label>
        <label>
          Patient id
          <input value={patientId} onInput={(e) => setPatientId(e.currentTarget.value)} />
        </label>
        <label>
          From ({zone})
          <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To ({zone})
          <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote message={error} />
      <div class="scroll">
        <table class="access-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">User</th>
              <th scope="col">Action</th>
              <th scope="col">Patient</th>
              <th scope="col">Outcome</th>
              <th scope="col">Endpoint</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <Time iso={entry.at} />
                  {entry.repeatCount > 1 && <div class="muted">×{entry.repeatCount}, last <Time iso={entry.lastAt} /></div>}
                </td>
                <td>
                  {entry.actor} <span class="muted">({entry.role})</span>
                </td>
                <td>{entry.action}</td>
                <td class="hash">{entry.patientId?.slice(0, 8) ?? '—'}</td>
                <td>{entry.outcome}</td>
                <td class="muted">{entry.endpoint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null && (
        <button type="button" class="secondary" onClick={() => void load(next)}>
          Older entries
        </button>
      )}
    </section>
  );
}
