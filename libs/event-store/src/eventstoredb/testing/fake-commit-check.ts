import { ANY, type AppendExpectedRevision, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';

/** A stream as the node's writer sees it: every accepted write, indexed or not. */
export interface StreamView {
  records: { id: string; indexed: boolean }[];
  softDeleted: boolean;
}

export type Decision =
  | { kind: 'ok'; revivesSoftDeleted: boolean }
  | { kind: 'wrong-expected-version'; current: number }
  | { kind: 'deleted' }
  | { kind: 'idempotent'; lastRevision: number }
  | { kind: 'idempotent-not-ready' };

/**
 * The server's decision on an append (IndexWriter.CheckCommit and StorageWriterService, 24.10 /
 * 25.0), over the writer's view, which includes writes not yet indexed:
 * - `any` / `stream_exists`: event ids already in the stream make the append idempotent (all of
 *   them) or a conflict (some of them: "corrupted idempotency" is answered as wrong expected version).
 * - A revision (or `no_stream`) behind the stream: the same ids at the same revisions make it
 *   idempotent, anything else is a conflict; `no_stream` on a soft-deleted stream revives it.
 * - Idempotent but the first copy not yet indexed: IdempotentNotReady. The writer drops the
 *   request without an answer ("wait for the client to retry").
 */
export function decideAppend(view: StreamView, expected: AppendExpectedRevision, ids: string[]): Decision {
  const current = view.records.length - 1;
  const revisionOf = (id: string) => view.records.findIndex((record) => record.id === id);
  const settled = (lastRevision: number): Decision =>
    view.records[lastRevision]!.indexed ? { kind: 'idempotent', lastRevision } : { kind: 'idempotent-not-ready' };

  if (expected === STREAM_EXISTS) {
    if (view.softDeleted) return { kind: 'deleted' };
    if (current < 0) return { kind: 'wrong-expected-version', current };
  }
  if (expected === ANY || expected === STREAM_EXISTS) {
    let last = -1;
    for (const [index, id] of ids.entries()) {
      const revision = revisionOf(id);
      if (revision < 0) return index === 0 ? { kind: 'ok', revivesSoftDeleted: view.softDeleted } : { kind: 'wrong-expected-version', current };
      last = revision;
    }
    return settled(last);
  }
  const expectedRevision = expected === NO_STREAM ? -1 : Number(expected);
  if (expectedRevision < current) {
    let revision = expectedRevision;
    for (const id of ids) {
      revision += 1;
      if (view.records[revision]?.id === id) continue;
      if (revision === expectedRevision + 1 && expected === NO_STREAM && view.softDeleted) return { kind: 'ok', revivesSoftDeleted: true };
      return { kind: 'wrong-expected-version', current };
    }
    return settled(revision);
  }
  if (expectedRevision > current) return { kind: 'wrong-expected-version', current };
  return { kind: 'ok', revivesSoftDeleted: view.softDeleted };
}
