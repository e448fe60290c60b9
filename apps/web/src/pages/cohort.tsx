import { useEffect, useMemo, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { api, fetchText, problemMessage } from '../api/client';
import type { paths } from '../api/schema';
import { ErrorNote, Loading } from '../components/badges';
import { cohortFigureData } from '../charts/series';
import { COLOURS, limitLabelPlugin, UPlotChart } from '../charts/uplot-chart';
import { armName } from '../treatment';

type Series = paths['/v1/research/vegf-series']['get']['responses'][200]['content']['application/json'];
type Responses = paths['/v1/research/responses']['get']['responses'][200]['content']['application/json'];
const FIGURES = [
  { arm: 'AUTO_PBSCT', number: 1 },
  { arm: 'THALIDOMIDE_DEXAMETHASONE', number: 2 },
] as const;

export function CohortPage() {
  const [series, setSeries] = useState<Series | null>(null);
  const [responses, setResponses] = useState<Responses | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void Promise.all([api.GET('/v1/research/vegf-series'), api.GET('/v1/research/responses')]).then(([s, r]) => {
      if (s.data) setSeries(s.data as Series);
      if (r.data) setResponses(r.data as Responses);
      if (s.error || r.error) setError(problemMessage(s.error ?? r.error));
    });
  }, []);
  return (
    <section aria-labelledby="cohort-title">
      <div class="page-head">
        <h1 id="cohort-title">Cohort: the study’s figures</h1>
        <span class="muted">De-identified: pseudonymous patients, months since each patient’s treatment start</span>
      </div>
      <ErrorNote message={error} />
      <Exports />
      {!series ? <Loading what="the VEGF series" /> : FIGURES.map((figure) => <CohortFigure key={figure.arm} series={series} arm={figure.arm} number={figure.number} />)}
      {responses && <ResponseCounts responses={responses} />}
    </section>
  );
}

function CohortFigure({ series, arm, number }: { series: Series; arm: string; number: number }) {
  const figure = useMemo(() => {
    const patients = series.perPatient.filter((p) => p.arm === arm);
    const months = series.perMonth.filter((m) => m.arm === arm);
    const { data, upperLimit, patientIds } = cohortFigureData(patients, months);
    const n = patientIds.length;
    const q1 = n + 1;
    const q3 = n + 3;
    const limitLabel = `Upper limit of normal (${upperLimit ?? '?'} pg/mL)`;
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: false }, y: { distr: 3, log: 10 } },
      axes: [{ label: 'Months since treatment start' }, { label: 'Serum VEGF (pg/mL, log)', size: 70 }],
      legend: { live: false },
      cursor: { points: { show: false } },
      series: [
        { label: 'Month' },
        ...patientIds.map((id, i) => ({ label: id, stroke: `hsla(${(i * 47) % 360}, 45%, 40%, 0.55)`, width: 1, spanGaps: true, points: { show: true, size: 3 } })),
        { label: 'Lower quartile', stroke: 'rgba(11,92,173,0.4)', width: 1, spanGaps: true, points: { show: false } },
        { label: 'Median', stroke: '#1b1f24', width: 3, spanGaps: true, points: { show: false } },
        { label: 'Upper quartile', stroke: 'rgba(11,92,173,0.4)', width: 1, spanGaps: true, points: { show: false } },
        { label: limitLabel, stroke: COLOURS.limit, width: 2, dash: [8, 6], points: { show: false } },
      ],
      bands: [{ series: [q3, q1], fill: 'rgba(11,92,173,0.15)' }],
      plugins: [limitLabelPlugin(upperLimit, limitLabel)],
    };
    return { data, options, n, samples: patients.reduce((sum, p) => sum + p.points.length, 0) };
  }, [series, arm]);
  return (
    <figure class="cohort-figure" data-arm={arm} data-lines={figure.n} aria-labelledby={`figure-${number}`}>
      <figcaption id={`figure-${number}`}>
        <strong>
          Figure {number}. Serum VEGF after treatment start: {armName(arm)}
        </strong>{' '}
        — one line per patient ({figure.n} patients, {figure.samples} samples), log axis; black line: median per month, shaded: interquartile range; dashed red: the assay’s upper limit.
      </figcaption>
      <UPlotChart options={figure.options} data={figure.data} height={320} />
    </figure>
  );
}

function ResponseCounts({ responses }: { responses: Responses }) {
  return (
    <section aria-labelledby="responses-title" class="data-table">
      <h2 id="responses-title">Response per arm</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Improved</th>
            <th scope="col">Stabilised</th>
            <th scope="col">Progressed</th>
            <th scope="col">Not evaluable</th>
          </tr>
        </thead>
        <tbody>
          {responses.perArm.map((row) => (
            <tr key={row.arm} data-arm={row.arm}>
              <th scope="row">{armName(row.arm)}</th>
              <td>{row.improved}</td>
              <td>{row.stabilised}</td>
              <td>{row.progressed}</td>
              <td>{row.notEvaluable}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>The response rule</summary>
        <p>{responses.rule}</p>
      </details>
    </section>
  );
}

/** The CSV exports (each recorded in the access log by the API). */
function Exports() {
  const [status, setStatus] = useState('');
  const download = async (path: string, fallback: string) => {
    setStatus('Preparing the download…');
    const { ok, text, filename } = await fetchText(path, 'text/csv');
    if (!ok) return setStatus('The export failed.');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    link.download = filename ?? fallback;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    setStatus(`Downloaded ${link.download} (${text.split('\n').length - 1} rows).`);
  };
  return (
    <div class="exports">
      <button type="button" class="secondary" onClick={() => void download('/v1/research/vegf-series', 'research-vegf-series.csv')}>
        Export VEGF series (CSV)
      </button>
      <button type="button" class="secondary" onClick={() => void download('/v1/research/responses', 'research-responses.csv')}>
        Export responses (CSV)
      </button>
      <span role="status" class="muted">
        {status}
      </span>
    </div>
  );
}
