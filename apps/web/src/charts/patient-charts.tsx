import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { useClinicZone } from '../components/time';
import { doseData, markers as markersOf, neuropathyData, type Timeline, timeRange, vegfData } from './patient-series';
import { clinicTime, COLOURS, limitLabelPlugin, markersPlugin, UPlotChart } from './uplot-chart';

const points = (size = 7, fill?: string): uPlot.Series.Points => ({ show: true, size, ...(fill ? { fill } : {}) });
const noLine = () => null;
const VEGF_COLOURS = [COLOURS.vegf, '#00838f', '#6d4c41', '#5e35b1'];

/**
 * The patient's charts on one shared time axis (same range, cursor synced): VEGF on a log axis with
 * the assay's upper limit drawn and labelled; thalidomide steps with dexamethasone doses and the
 * protocol dose; ONLS and CMAP; milestones, alerts and corrections marked on every chart.
 */
export function PatientCharts({ timeline, now }: { timeline: Timeline; now: string }) {
  const zone = useClinicZone();
  const charts = useMemo(() => {
    const range = timeRange(timeline, now);
    const marks = markersOf(timeline);
    const x: uPlot.Scale = { time: true, range: () => range };
    const common = (labels: boolean) => ({
      tzDate: clinicTime(zone),
      cursor: { sync: { key: 'patient' } },
      legend: { live: true },
      plugins: [markersPlugin(marks, labels)],
    });
    const vegf = vegfData(timeline);
    const withLimits = vegf.series.filter((series) => series.limitLabel !== null);
    const labelled = withLimits.find((series) => series.limit !== null);
    const vegfChart = {
      data: vegf.data,
      options: {
        ...common(true),
        scales: { x, y: { distr: 3, log: 10 } },
        axes: [{}, { label: 'VEGF (pg/mL, log)', size: 70 }],
        series: [
          {},
          ...vegf.series.map((series, i) => ({
            label: series.label,
            stroke: VEGF_COLOURS[i % VEGF_COLOURS.length]!,
            width: 2,
            spanGaps: true,
            // A series without a known limit is dashed: its values cannot be judged against a line.
            ...(series.limitLabel === null && { dash: [3, 3] }),
            points: points(7),
          })),
          { label: 'Corrected value', stroke: COLOURS.corrected, paths: noLine, points: points(12, 'rgba(0,0,0,0)') },
          ...withLimits.map((series) => ({
            label: series.limitLabel!,
            stroke: withLimits.length === 1 ? COLOURS.limit : VEGF_COLOURS[vegf.series.indexOf(series) % VEGF_COLOURS.length]!,
            width: 2,
            dash: [8, 6],
            spanGaps: true,
            paths: uPlot.paths.stepped!({ align: 1 }),
            points: { show: false },
          })),
        ],
        plugins: [...common(true).plugins, limitLabelPlugin(labelled?.limit ?? null, labelled ? `Upper limit, ${labelled.assay} (${labelled.limit} pg/mL)` : '')],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
    const doseChart = {
      data: doseData(timeline, range),
      options: {
        ...common(false),
        scales: { x, thal: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(100, max * 1.1)] as [number, number] }, dex: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(20, max * 1.2)] as [number, number] } },
        axes: [{}, { scale: 'thal', label: 'Thalidomide (mg/day)', size: 70 }, { scale: 'dex', side: 1, label: 'Dexamethasone (mg)', size: 60, grid: { show: false } }],
        series: [
          {},
          { label: 'Thalidomide (mg/day)', scale: 'thal', stroke: COLOURS.thalidomide, width: 2, spanGaps: true, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
          { label: 'Dexamethasone, regimen dose given (mg)', scale: 'dex', stroke: COLOURS.dex, paths: noLine, points: points(8, COLOURS.dex) },
          { label: 'Dexamethasone, protocol dose (mg)', scale: 'dex', stroke: COLOURS.protocol, dash: [2, 2], paths: noLine, points: points(12, 'rgba(0,0,0,0)') },
          { label: 'Dexamethasone, supportive dose (mg; no cycle)', scale: 'dex', stroke: COLOURS.supportive, paths: noLine, points: { show: true, size: 9, width: 2, fill: '#ffffff' } },
        ],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
    const nerve = neuropathyData(timeline);
    const nerveChart = {
      data: nerve.data,
      options: {
        ...common(false),
        scales: { x, onls: { range: [0, 12] as [number, number] }, cmap: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(10, max * 1.2)] as [number, number] } },
        axes: [{}, { scale: 'onls', label: 'ONLS (0-12)', size: 70 }, { scale: 'cmap', side: 1, label: 'CMAP (mV)', size: 60, grid: { show: false } }],
        series: [
          {},
          { label: 'ONLS disability score', scale: 'onls', stroke: COLOURS.onls, width: 2, spanGaps: true, points: points(6) },
          ...nerve.nerves.map((name, i) => ({ label: `CMAP ${name} (mV)`, scale: 'cmap', stroke: ['#5d4037', '#455a64', '#7b1fa2', '#c62828'][i % 4]!, dash: [6, 3], spanGaps: true, points: points(5) })),
        ],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
    const hasDoses = timeline.thalidomide.length + timeline.dexamethasone.length > 0;
    const hasNerves = timeline.assessments.some((a) => a.kind === 'ONLS' || a.kind === 'NERVE_CONDUCTION');
    return { vegfChart, vegfSeries: vegf.series, doseChart, nerveChart, marks, hasDoses, hasNerves };
  }, [timeline, now, zone]);

  return (
    <div class="charts">
      <figure aria-labelledby="vegf-caption" class="vegf-chart" data-series={charts.vegfSeries.length}>
        <figcaption id="vegf-caption">
          <strong>VEGF</strong> on a log axis, one line per assay (specimen and method: limits belong to the assay); dashed lines: each assay’s upper limit of normal, where known (an assay with no known
          limit is drawn dotted, without one, and its legend says so). Hollow rings mark corrected values; triangles at the top are alerts at their clinical time; dashed verticals are transplant milestones.
        </figcaption>
        <UPlotChart options={charts.vegfChart.options} data={charts.vegfChart.data} height={260} />
      </figure>
      {charts.hasDoses && (
      <figure aria-labelledby="dose-caption">
        <figcaption id="dose-caption">
          <strong>Doses</strong>: thalidomide mg/day as steps; regimen dexamethasone given (filled) and its protocol dose (hollow); supportive dexamethasone (white with an orange ring), which is no cycle.
        </figcaption>
        <UPlotChart options={charts.doseChart.options} data={charts.doseChart.data} height={180} />
      </figure>
      )}
      {charts.hasNerves && (
      <figure aria-labelledby="nerve-caption">
        <figcaption id="nerve-caption">
          <strong>Neuropathy</strong>: ONLS disability score and CMAP amplitude per nerve.
        </figcaption>
        <UPlotChart options={charts.nerveChart.options} data={charts.nerveChart.data} height={180} />
      </figure>
      )}
      {!charts.hasDoses && <p class="muted">No thalidomide or dexamethasone recorded.</p>}
      <p class="muted legend-note">
        Marked on the time axis: {count(charts.marks, 'milestone', 'milestone')}, {count(charts.marks, 'alert', 'alert')}, {count(charts.marks, 'correction', 'correction')}.
      </p>
    </div>
  );
}

function count(marks: ReadonlyArray<{ kind: string }>, kind: string, noun: string): string {
  const n = marks.filter((m) => m.kind === kind).length;
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
