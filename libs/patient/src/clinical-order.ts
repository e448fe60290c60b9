import { toMs, type IsoTime } from '@poems/kernel';

/** Inserts after every entry at the same or an earlier time, so ties keep arrival order. */
export function insertByTime<E>(list: ReadonlyArray<E>, entry: E, timeOf: (e: E) => IsoTime): E[] {
  const at = toMs(timeOf(entry));
  let index = list.length;
  while (index > 0 && toMs(timeOf(list[index - 1] as E)) > at) index -= 1;
  return [...list.slice(0, index), entry, ...list.slice(index)];
}

/** Entries at or before a time (they are sorted, so this is a prefix). */
export function atOrBefore<E>(list: ReadonlyArray<E>, time: IsoTime, timeOf: (e: E) => IsoTime): E[] {
  const at = toMs(time);
  return list.filter((e) => toMs(timeOf(e)) <= at);
}
