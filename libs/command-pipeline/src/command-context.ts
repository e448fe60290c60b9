import type { Principal } from '@poems/auth';
import type { EventMetadata } from '@poems/event-store';

/** The door a command came through, recorded in every event's metadata. */
export type CommandSource = NonNullable<EventMetadata['source']>;

/** Who sends a command, through which door, and what they asked of its handling. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  /** The event that caused this command, when the system acts on one (the alert engine). */
  causationId?: string | null;
  source: CommandSource;
  /** Makes a retry of the same request answer as the first did and write nothing new. */
  idempotencyKey?: string;
  /**
   * Fingerprint of the whole request (the handler computes one per command when absent; a door
   * that batches, like the import, passes the whole body's).
   */
  requestHash?: string;
  /** From If-Match: refuse unless the stream is still at this revision (then no retry on conflict). */
  expectedRevision?: number;
  /** The reason the caller gives, when the command carries none of its own. */
  reason?: string | null;
  /** Extra metadata of the door (the import's id). */
  importId?: string;
}

/** One command of a sequence decided on one stream; `part` tells its event ids apart (an import line). */
export interface Envelope<C> {
  command: C;
  part: string;
  lineNumber?: number;
}
