/**
 * Progress on stderr (stdout carries the table): one rewritten line on a terminal, a line every
 * few seconds otherwise (CI logs).
 */
export class Progress {
  private readonly started = performance.now();
  private lastPrinted = performance.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total?: number,
  ) {}

  update(done: number, unit = 'events'): void {
    this.show((seconds) => {
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const of = this.total ? `/${this.total.toLocaleString('en-US')}` : '';
      return `${done.toLocaleString('en-US')}${of} ${unit}, ${rate.toLocaleString('en-US')} ${unit}/s`;
    });
  }

  /** A free-form status line (throttled like `update`), given the seconds elapsed. */
  show(status: (seconds: number) => string): void {
    const now = performance.now();
    if (now - this.lastPrinted < (this.tty ? 250 : 3000)) return;
    this.lastPrinted = now;
    const seconds = (now - this.started) / 1000;
    this.write(`  ${this.label}: ${status(seconds)}, ${seconds.toFixed(0)} s`);
  }

  done(message?: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    this.write(`  ${this.label}: ${message ?? 'done'} (${seconds} s)`, true);
  }

  private write(line: string, final = false): void {
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
      lineOpen = !final;
    } else process.stderr.write(`${line}\n`);
  }
}

/** A terminal progress line still open (rewritten in place): the next message ends it first. */
let lineOpen = false;

export function step(message: string): void {
  process.stderr.write(`${lineOpen ? '\n' : ''}${message}\n`);
  lineOpen = false;
}
