import { useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';
import type { paths } from '../api/schema';
import { ErrorNote } from '../components/badges';
import { Time } from '../components/time';
import { AccessLog } from './audit-access-log';
import { Replay } from './audit-replay';

type Report = paths['/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

export function AuditPage() {
  return (
    <section aria-labelledby="audit-title">
      <div class="page-head">
        <h1 id="audit-title">Audit</h1>
        <span class="muted">Tamper evidence, what the system showed at a past moment, and who read what</span>
      </div>
      <Verify />
      <Replay />
      <AccessLog />
    </section>
  );
}

function Verify() {
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const { data, error: problem } = await api.GET('/v1/audit/verify');
    setBusy(false);
    if (!data) return setError(problemMessage(problem));
    setReport(data);
    setCheckedAt(new Date().toISOString());
  };
  return (
    <section class="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify the log</h2>
      <p class="muted">Re-checks every event’s hash, every link of every stream’s chain, and every seal.</p>
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify now'}
      </button>
      <ErrorNote message={error} />
      {report && (
        <div class={`verify-result ${report.ok ? 'ok' : 'broken'}`} role="status">
          <p class="verdict">
            {report.ok ? 'Intact: every hash, chain and seal checks out.' : `Broken: ${report.firstProblem?.kind ?? 'problem'} in ${report.firstProblem?.streamId ?? '?'} at revision ${report.firstProblem?.revision ?? '?'}`}
          </p>
          <dl class="facts">
            <div>
              <dt>Events checked</dt>
              <dd>{report.eventsChecked}</dd>
            </div>
            <div>
              <dt>Streams</dt>
              <dd>{report.streamsChecked}</dd>
            </div>
            <div>
              <dt>Seals</dt>
              <dd>{report.sealsChecked}</dd>
            </div>
            <div>
              <dt>Not sealed yet</dt>
              <dd>{report.unsealedEvents}</dd>
            </div>
            <div>
              <dt>Last seal</dt>
              <dd class="hash">{report.lastSeal ? `#${report.lastSeal.sealNumber} up to position ${report.lastSeal.coversPosition}: ${report.lastSeal.hash}` : 'none yet'}</dd>
            </div>
            <div>
              <dt>Checked</dt>
              <dd>
                <Time iso={checkedAt} />
              </dd>
            </div>
          </dl>
          {!report.ok && (
            <ul>
              {report.problems.map((p, i) => (
                <li key={i}>
                  {p.kind}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
