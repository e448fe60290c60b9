/**
 * The rule that keeps a reader of the global order from skipping an event committed late.
 *
 * Positions come from a sequence, handed out when a transaction inserts, but become visible only
 * when it commits. Reading `position > checkpoint` therefore sees holes: a transaction still in
 * flight (its rows will appear) or one that rolled back (they never will). We deliver only the
 * contiguous run after the checkpoint. A hole below the highest position we saw belongs to a
 * transaction that took its id before asking the sequence (appenders do so explicitly), hence
 * before a transaction id the reader takes afterwards as a fence. Once a snapshot's xmin has passed
 * the fence, every such transaction has ended, and a hole still there is a rollback that can be
 * stepped over. No timer decides it.
 */
export interface PositionedRow {
  position: number;
}

export interface PrefixResult<T> {
  deliver: T[];
  /** Set when delivery stopped at a hole that a later snapshot may prove permanent. */
  blockedAt?: number;
}

/**
 * Rows must be sorted by position. `proof` (with `xmin` from the same snapshot as the rows)
 * allows stepping over holes it covers.
 */
export function contiguousPrefix<T extends PositionedRow>(
  rows: T[],
  after: number,
  proof?: { upTo: number; proven: boolean },
): PrefixResult<T> {
  const deliver: T[] = [];
  let expected = after + 1;
  for (const row of rows) {
    if (row.position !== expected) {
      const holeIsProvenPermanent = proof?.proven === true && row.position - 1 <= proof.upTo;
      if (!holeIsProvenPermanent) return { deliver, blockedAt: expected };
    }
    deliver.push(row);
    expected = row.position + 1;
  }
  return { deliver };
}
