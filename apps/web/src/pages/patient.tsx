import { useEffect, useState } from 'preact/hooks';
import { api, problemMessage } from '../api/client';
import { ErrorNote, Loading, SeverityBadge } from '../components/badges';
import { Time, useClinicZone } from '../components/time';
import { PatientCharts } from '../charts/patient-charts';
import type { Timeline } from '../charts/patient-series';
import { usePatients } from '../patients-lookup';
import { navigate, useLocation } from '../router';
import type { Session } from '../session';
import { fromLocalInput, toLocalInput } from '../time';
import { armName, treatmentText } from '../treatment';
import { ResponseSection, SafetySection, ScheduleSection } from './patient-monitoring';
import { PatientTables } from './patient-tables';

export function PatientPage({ patientId }: { patientId: string; session: Session }) {
  const { query } = useLocation();
  const asOf = query.get('asOf');
  const zone = useClinicZone();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now] = useState(() => new Date().toISOString());
  const summary = usePatients([patientId]).get(patientId);

  useEffect(() => {
    let cancelled = false;
    setTimeline(null);
    setError(null);
    void api.GET('/v1/patients/{patientId}/timeline', { params: { path: { patientId }, query: asOf ? { asOf } : {} } }).then(({ data, error: problem }) => {
      if (cancelled) return;
      if (data) setTimeline(data);
      else setError(problemMessage(problem));
    });
    return () => {
      cancelled = true;
    };
  }, [patientId, asOf]);

  const identity = (timeline?.patient.identity ?? {}) as { name?: string; mrn?: string; birthDate?: string; erased?: boolean };
  return (
    <section aria-labelledby="patient-title">
      <div class="page-head">
        <h1 id="patient-title">{timeline ? (identity.erased ? 'Identity erased' : (identity.name ?? 'Patient')) : 'Patient'}</h1>
        {timeline && (
          <span class="muted">
            {identity.mrn && <>MRN {identity.mrn} · </>}
            {timeline.patient.sex}, {timeline.patient.ageAtEnrolment} at enrolment · {timeline.patient.careTeam}
          </span>
        )}
      </div>
      <AsOfControl asOf={asOf} zone={zone} patientId={patientId} />
      <ErrorNote message={error} />
      {!timeline ? (
        !error && <Loading what="the timeline" />
      ) : (
        <>
          <dl class="patient-header">
            <div>
              <dt>Arm</dt>
              <dd>{armName(timeline.patient.arm)}</dd>
            </div>
            <div>
              <dt>Protocol</dt>
              <dd>
                {timeline.patient.protocol.id} version {timeline.patient.protocol.version}
              </dd>
            </div>
            <div>
              <dt>Today</dt>
              <dd>{asOf ? 'see "as of" above' : summary ? treatmentText(summary.treatment) : '…'}</dd>
            </div>
            <div>
              <dt>Enrolled</dt>
              <dd>
                <Time iso={timeline.patient.enrolledAt} dateOnly />
              </dd>
            </div>
            <div>
              <dt>Assessments</dt>
              <dd>
                {timeline.assessmentSchedule.overdue.length > 0 ? <strong class="overdue">{timeline.assessmentSchedule.overdue.length} overdue</strong> : 'none overdue'}
                {timeline.assessmentSchedule.late.length > 0 && `, ${timeline.assessmentSchedule.late.length} late`}
              </dd>
            </div>
            <div>
              <dt>Open alerts</dt>
              <dd>
                {timeline.alerts.filter((a) => a.status === 'OPEN').length}{' '}
                {timeline.alerts.some((a) => a.status === 'OPEN' && a.severity === 'critical') && <SeverityBadge severity="critical" />}
              </dd>
            </div>
          </dl>
          <PatientCharts timeline={timeline} now={now} />
          <div class="monitoring">
            <ScheduleSection timeline={timeline} />
            <ResponseSection timeline={timeline} />
          </div>
          <SafetySection timeline={timeline} />
          <PatientTables timeline={timeline} />
        </>
      )}
    </section>
  );
}

function AsOfControl({ asOf, zone, patientId }: { asOf: string | null; zone: string; patientId: string }) {
  const [value, setValue] = useState(asOf ? toLocalInput(asOf, zone) : '');
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      class={`as-of ${asOf ? 'active' : ''}`}
      aria-label="Show the record as of a past moment"
      onSubmit={(event) => {
        event.preventDefault();
        const instant = fromLocalInput(value, zone);
        setInvalid(!instant);
        if (instant) navigate(`/patients/${patientId}?asOf=${encodeURIComponent(instant)}`);
      }}
    >
      <label for="as-of">
        As the system held it at ({zone})
      </label>
      <input id="as-of" type="datetime-local" step={1} value={value} onInput={(e) => setValue(e.currentTarget.value)} aria-invalid={invalid} />
      <button type="submit">Show</button>
      {asOf && (
        <button type="button" class="secondary" onClick={() => navigate(`/patients/${patientId}`)}>
          Back to now
        </button>
      )}
      {asOf ? (
        <p class="as-of-note" role="status">
          Showing the record as held at <Time iso={asOf} />: later entries and later corrections are absent.
        </p>
      ) : (
        <p class="muted">Live record. Pick a past moment to see exactly what the system showed then.</p>
      )}
    </form>
  );
}
