import { hashEvent } from '../hash-chain';
import { type EventStore, GENESIS_HASH, type StoredEvent } from '../port';
import { LOG_SEALED, type LogSealed, logSealedSchema, SEAL_STREAM_ID, type StreamHead } from './seal-events';

export type ProblemKind =
  | 'CONTENT_ALTERED'
  | 'CHAIN_BROKEN'
  | 'REVISION_MISSING'
  | 'REVISION_OUT_OF_ORDER'
  | 'SEAL_MISMATCH'
  | 'SEAL_CHAIN_BROKEN'
  | 'SEAL_UNREADABLE';

export interface VerificationProblem {
  kind: ProblemKind;
  streamId: string;
  revision: number | null;
  globalPosition: number | null;
  /** What differs, in words an auditor can act on. */
  message: string;
  expected?: string;
  found?: string;
}

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  lastSeal: { sealNumber: number; coversPosition: number; hash: string } | null;
  /** Events after the last seal: their chains are checked, but a deletion among them is only caught by the next seal. */
  unsealedEvents: number;
  firstProblem: VerificationProblem | null;
  problems: VerificationProblem[];
  problemsTruncated: boolean;
}

const MAX_PROBLEMS = 100;

/**
 * Re-checks the whole log in global order: every event's hash against its content, every link to
 * its predecessor, revisions without holes, and every seal against the stream heads it recorded.
 */
export async function verifyLog(
  store: EventStore,
  options: { batchSize?: number; onProgress?: (checked: number, head: number) => void; catchUpMs?: number } = {},
): Promise<VerificationReport> {
  const head = await store.headPosition();
  const heads = new Map<string, { revision: number; hash: string }>();
  const changedSinceSeal = new Map<string, StreamHead>();
  const problems: VerificationProblem[] = [];
  let problemCount = 0;
  let eventsChecked = 0;
  let sealsChecked = 0;
  let lastSeal: VerificationReport['lastSeal'] = null;
  let previousSealHash = GENESIS_HASH;
  let previousCovers = 0;
  let eventsSinceSeal = 0;
  // Seals are read first: each must be checked at the exact point of the global order it covers,
  // which comes before the seal event itself.
  let pendingSeals = (await store.readStream(SEAL_STREAM_ID)).filter((event) => event.type === LOG_SEALED);

  const report = (problem: VerificationProblem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  // A seal is checked once the log has been read up to the position it covers.
  const checkSeals = (position: number) => {
    while (pendingSeals.length && sealCovers(pendingSeals[0]!) <= position) {
      checkSeal(pendingSeals.shift()!);
    }
  };
  const checkSeal = (event: StoredEvent) => {
    sealsChecked += 1;
    const parsed = logSealedSchema.safeParse(event.data);
    if (!parsed.success) {
      report({ kind: 'SEAL_UNREADABLE', streamId: SEAL_STREAM_ID, revision: event.revision, globalPosition: event.globalPosition, message: 'The seal does not match the seal schema' });
      return;
    }
    const seal: LogSealed = parsed.data;
    if (seal.previousSealHash !== previousSealHash || seal.previousCoversPosition !== previousCovers) {
      report({
        kind: 'SEAL_CHAIN_BROKEN',
        streamId: SEAL_STREAM_ID,
        revision: event.revision,
        globalPosition: event.globalPosition,
        message: `Seal ${seal.sealNumber} does not follow the previous seal (a seal was removed or altered)`,
        expected: `${previousSealHash} @ ${previousCovers}`,
        found: `${seal.previousSealHash} @ ${seal.previousCoversPosition}`,
      });
    }
    const sealed = new Map(seal.streamHeads.map((h) => [h.streamId, h]));
    for (const streamId of new Set([...sealed.keys(), ...changedSinceSeal.keys()])) {
      const want = sealed.get(streamId);
      const have = changedSinceSeal.get(streamId);
      if (want && have && want.revision === have.revision && want.hash === have.hash) continue;
      report({
        kind: 'SEAL_MISMATCH',
        streamId,
        revision: want?.revision ?? have?.revision ?? null,
        globalPosition: null,
        message: !have
          ? `Seal ${seal.sealNumber} recorded ${streamId} ending at revision ${want!.revision}, but the log has no such change: events were deleted (the whole stream, or its end)`
          : !want
            ? `${streamId} changed up to revision ${have.revision} within seal ${seal.sealNumber}'s range, but the seal does not list it: events were inserted`
            : `Seal ${seal.sealNumber} recorded ${streamId} ending at revision ${want.revision}, the log ends it at revision ${have.revision} there: events were deleted, added or altered`,
        expected: want ? `revision ${want.revision} hash ${want.hash}` : 'no change',
        found: have ? `revision ${have.revision} hash ${have.hash}` : 'no change',
      });
    }
    changedSinceSeal.clear();
    eventsSinceSeal = 0;
    previousSealHash = event.hash;
    previousCovers = seal.coversPosition;
    lastSeal = { sealNumber: seal.sealNumber, coversPosition: seal.coversPosition, hash: event.hash };
  };

  const deadline = Date.now() + (options.catchUpMs ?? 60_000);
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: options.batchSize ?? 1000 });
    if (batch.length === 0) {
      // Below the head the store delivers nothing past a hole it cannot yet prove final (a
      // transaction elsewhere in the database still runs): wait for the proof rather than report a
      // log read only in part as seals that do not match.
      if (after >= head || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    for (const event of batch) {
      checkSeals(event.globalPosition - 1);
      eventsChecked += 1;
      checkChainLink(event, heads.get(event.streamId), report);
      heads.set(event.streamId, { revision: event.revision, hash: event.hash });
      if (event.streamId !== SEAL_STREAM_ID) {
        changedSinceSeal.set(event.streamId, { streamId: event.streamId, revision: event.revision, hash: event.hash });
        eventsSinceSeal += 1;
      }
    }
    after = batch[batch.length - 1]!.globalPosition;
    options.onProgress?.(eventsChecked, head);
  }
  checkSeals(Number.MAX_SAFE_INTEGER);
  pendingSeals = [];

  return {
    ok: problemCount === 0,
    eventsChecked,
    streamsChecked: heads.size,
    sealsChecked,
    lastSeal,
    unsealedEvents: eventsSinceSeal,
    firstProblem: problems[0] ?? null,
    problems,
    problemsTruncated: problemCount > problems.length,
  };
}

function sealCovers(event: StoredEvent): number {
  const covers = (event.data as { coversPosition?: unknown })?.coversPosition;
  return typeof covers === 'number' ? covers : 0;
}

function checkChainLink(event: StoredEvent, previous: { revision: number; hash: string } | undefined, report: (p: VerificationProblem) => void): void {
  const at = { streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition };
  const recomputed = hashEvent(event);
  if (recomputed !== event.hash) {
    report({
      ...at,
      kind: 'CONTENT_ALTERED',
      message: `${event.streamId} revision ${event.revision}: its content (type, data, metadata or times) no longer matches its hash: it was altered after it was written`,
      expected: event.hash,
      found: recomputed,
    });
  }
  const expectedRevision = (previous?.revision ?? -1) + 1;
  if (event.revision > expectedRevision) {
    report({
      ...at,
      revision: expectedRevision,
      kind: 'REVISION_MISSING',
      message: `${event.streamId}: revision ${event.revision} follows revision ${expectedRevision - 1}; revisions ${expectedRevision}..${event.revision - 1} are missing (deleted)`,
      expected: String(expectedRevision),
      found: String(event.revision),
    });
  } else if (event.revision < expectedRevision) {
    report({
      ...at,
      kind: 'REVISION_OUT_OF_ORDER',
      message: `${event.streamId}: revision ${event.revision} appears after revision ${expectedRevision - 1} in the global order: events were reordered`,
      expected: String(expectedRevision),
      found: String(event.revision),
    });
  }
  const expectedPrev = event.revision === expectedRevision ? (previous?.hash ?? GENESIS_HASH) : undefined;
  if (expectedPrev !== undefined && event.prevHash !== expectedPrev) {
    report({
      ...at,
      kind: 'CHAIN_BROKEN',
      message: `${event.streamId} revision ${event.revision} does not link to revision ${event.revision - 1}: the predecessor was altered, replaced or removed`,
      expected: expectedPrev,
      found: event.prevHash,
    });
  }
}
