import { compareCommandOrder } from '@poems/patient';

/** Where each valid command of an import sits in the spool file, and its decision order. */
export interface IndexedCommand {
  line: number;
  offset: number;
  length: number;
  rank: number;
  clinicalTime: string;
}

/** The domain's decision order, ties broken by line number. */
export function compareIndexed(a: IndexedCommand, b: IndexedCommand): number {
  return compareCommandOrder(a, b) || a.line - b.line;
}
