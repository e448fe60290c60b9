import { commandOrder, compareCommandOrder, type PatientCommand } from '@poems/patient';

/** Where each valid command of an import sits in the spool file, and its decision order. */
export interface IndexedCommand {
  line: number;
  offset: number;
  length: number;
  rank: number;
  clinicalTime: string;
}

export function orderOf(command: PatientCommand): { rank: number; clinicalTime: string } {
  return commandOrder(command);
}

/** The domain's decision order, ties broken by line number. */
export function compareIndexed(a: IndexedCommand, b: IndexedCommand): number {
  return compareCommandOrder(a, b) || a.line - b.line;
}
