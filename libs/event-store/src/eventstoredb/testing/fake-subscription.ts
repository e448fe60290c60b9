import { Transform, type TransformCallback } from 'node:stream';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';

const CAUGHT_UP = Symbol('caughtUp');
const FELL_BEHIND = Symbol('fellBehind');

/**
 * The fake server's side of one `subscribeToAll`, shaped like the client's `Subscription`: an
 * object-mode Transform whose `caughtUp` / `fellBehind` events are emitted as their messages pass
 * through it, so after every event sent before them (the client emits them from `_transform`).
 * An error is emitted without ending the stream, as the client does.
 */
export class FakeSubscription extends Transform {
  /** Log index of the next record this subscription has to consider. */
  cursor = 0;
  live = false;
  stopped = false;

  constructor(readonly matches: (streamName: string) => boolean) {
    super({ objectMode: true });
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, next: TransformCallback): void {
    if (chunk === CAUGHT_UP) {
      this.emit('caughtUp');
      return next();
    }
    if (chunk === FELL_BEHIND) {
      this.emit('fellBehind');
      return next();
    }
    next(null, chunk);
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
  }

  deliver(resolved: AllStreamResolvedEvent): void {
    if (this.open) this.write(resolved);
  }

  caughtUp(): void {
    if (this.open) this.write(CAUGHT_UP);
  }

  fellBehind(): void {
    if (this.open) this.write(FELL_BEHIND);
  }

  /** As the client does on a server error: emitted, and nothing more arrives. */
  fail(error: Error): void {
    if (!this.open) return;
    this.stopped = true;
    this.emit('error', error);
  }

  /** The server ended the call without an error. */
  finish(): void {
    if (!this.open) return;
    this.stopped = true;
    this.end();
  }

  private get open(): boolean {
    return !this.stopped && !this.destroyed && !this.writableEnded;
  }
}
