import { useEffect, useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';
import type { paths } from '../api/schema';
import { ErrorNote, Loading, SeverityBadge } from '../components/badges';
import { patientLabel } from '../patients-lookup';
import { Link } from '../router';
import { formatCalendarDate } from '../time';
import { ruleLabel } from '../rule-labels';
import { armName, dueText, overdueText, treatmentText } from '../treatment';

type Page = paths['/v1/patients']['get']['responses'][200]['content']['application/json'];
const PAGE_SIZE = 25;

export function PatientsPage() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    // Searching decrypts names on the server: wait for a pause in typing.
    const timer = setTimeout(async () => {
      const q = query.trim();
      const { data, error: problem } = await api.GET('/v1/patients', { params: { query: { ...(q ? { q } : {}), offset: String(offset), limit: String(PAGE_SIZE) } } });
      if (cancelled) return;
      setError(problem ? problemMessage(problem) : null);
      if (data) setPage(data);
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, offset]);

  return (
    <section aria-labelledby="patients-title">
      <div class="page-head">
        <h1 id="patients-title">Patients</h1>
        {page && <span class="muted">{page.total} in your care teams · times in {page.clinicTimeZone}</span>}
      </div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search by name, MRN or patient id
          <input
            type="search"
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setOffset(0);
            }}
          />
        </label>
      </form>
      <ErrorNote message={error} />
      {!page ? (
        <Loading what="patients" />
      ) : (
        <>
          <table class="patients">
            <caption class="visually-hidden">Patients, most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Arm and protocol</th>
                <th scope="col">Today</th>
                <th scope="col">Open alerts</th>
                <th scope="col">Next due</th>
                <th scope="col">Overdue</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((patient) => {
                const { name, mrn } = patientLabel(patient);
                return (
                  <tr key={patient.patientId} class="patient">
                    <td>
                      <Link href={`/patients/${patient.patientId}`}>{name}</Link>
                      <div class="muted">
                        {mrn ?? patient.patientId.slice(0, 8)} · {patient.sex}, {patient.ageAtEnrolment} at enrolment
                      </div>
                    </td>
                    <td>
                      {armName(patient.arm)}
                      <div class="muted">
                        {patient.protocol.id} v{patient.protocol.version} · {patient.careTeam}
                      </div>
                    </td>
                    <td>{treatmentText(patient.treatment)}</td>
                    <td>
                      {patient.openAlerts.total === 0 ? (
                        <span class="muted">none</span>
                      ) : (
                        <>
                          {patient.openAlerts.total} <SeverityBadge severity={patient.openAlerts.highestSeverity ?? 'info'} />
                        </>
                      )}
                    </td>
                    <td>
                      {patient.nextDue.length === 0 ? (
                        <span class="muted" title="No schedule known for this patient yet">—</span>
                      ) : (
                        patient.nextDue.map((item) => (
                          <div key={item.what} class={`due due-${item.status.toLowerCase()}`} title={`Window ${formatCalendarDate(item.windowOpensOn)} to ${formatCalendarDate(item.windowClosesOn)}`}>
                            {item.what}: {formatCalendarDate(item.dueDate)} ({item.status === 'OPEN' ? 'window open, ' : ''}
                            {dueText(item.dueInDays)})
                          </div>
                        ))
                      )}
                    </td>
                    <td>
                      {patient.overdue.length === 0 ? (
                        <span class="muted">nothing</span>
                      ) : (
                        patient.overdue.map((item) => (
                          <div key={`${item.what}-${item.dueDate ?? item.alertId}`} class="overdue" data-overdue-kind={item.kind}>
                            {item.kind === 'ALERT' ? `${ruleLabel(item.rule ?? '')}: ${item.summary}` : `${item.what}, due ${formatCalendarDate(item.dueDate ?? '')}: ${overdueText(item.daysOverdue)}`}
                          </div>
                        ))
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {page.items.length === 0 && <p class="muted">No patient matches.</p>}
          <div class="pager">
            <button type="button" class="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous
            </button>
            <span>
              {page.total === 0 ? 0 : offset + 1}–{offset + page.items.length} of {page.total}
            </span>
            <button type="button" class="secondary" disabled={page.next === null} onClick={() => setOffset(page.next ?? offset)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
