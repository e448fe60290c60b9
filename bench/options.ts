/** Sizes of every benchmark. The defaults finish in under 10 minutes on a 2-core machine. */
export interface BenchOptions {
  /** Which benchmarks to run (ids of BENCHMARKS in main.ts); all by default. */
  only: string[];
  /** Seconds of each timed load (appends at 1 and 8 writers, batched appends, subscription lag). */
  seconds: number;
  importLines: number;
  httpConnections: number;
  httpSeconds: number;
  rebuildEvents: number;
  /** Events in each store the read-all benchmark reads back. */
  readEvents: number;
  /** The rates of the alert benchmark (events/s); the first is the latency goal's, the others show whether the queue grows. */
  alertRates: number[];
  alertSeconds: number;
  timelineEvents: number;
  timelineRequests: number;
  out: string;
}

const DEFAULTS: BenchOptions = {
  only: [],
  seconds: 6,
  importLines: 100_000,
  httpConnections: 32,
  httpSeconds: 10,
  rebuildEvents: 1_000_000,
  readEvents: 100_000,
  alertRates: [200, 1000],
  alertSeconds: 20,
  timelineEvents: 1000,
  timelineRequests: 300,
  out: 'bench/results/latest.json',
};

/** `--quick`: a smoke run of about a minute (figures are indicative only). */
const QUICK: Partial<BenchOptions> = {
  seconds: 2,
  importLines: 5000,
  httpSeconds: 3,
  rebuildEvents: 20_000,
  readEvents: 10_000,
  alertSeconds: 5,
  timelineRequests: 50,
};

const FLAGS: Record<string, keyof BenchOptions> = {
  '--seconds': 'seconds',
  '--import-lines': 'importLines',
  '--http-connections': 'httpConnections',
  '--http-seconds': 'httpSeconds',
  '--rebuild-events': 'rebuildEvents',
  '--read-events': 'readEvents',
  '--alert-seconds': 'alertSeconds',
  '--timeline-events': 'timelineEvents',
  '--timeline-requests': 'timelineRequests',
};

export const USAGE = `npm run bench -- [--quick] [--only=appends,import,…] [--out=path.json] [--alert-rates=200,1000]
  ${Object.keys(FLAGS)
    .map((flag) => `${flag}=N (default ${DEFAULTS[FLAGS[flag]!]})`)
    .join('\n  ')}`;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, ...(argv.includes('--quick') ? QUICK : {}) };
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--quick') continue;
    if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    if (flag === '--only' && value) options.only = value.split(',').map((id) => id.trim());
    else if (flag === '--out' && value) options.out = value;
    else if ((flag === '--alert-rates' || flag === '--alert-rate') && value && value.split(',').every((rate) => Number(rate) > 0)) options.alertRates = value.split(',').map(Number);
    else if (FLAGS[flag] && value !== undefined && Number.isFinite(Number(value)) && Number(value) > 0) (options[FLAGS[flag]] as number) = Number(value);
    else throw new UsageError(`Unknown or invalid argument ${arg}\n${USAGE}`);
  }
  return options;
}

export class UsageError extends Error {}
