import { Hl7Message, type Hl7Segment } from '@medplum/core';

/**
 * Reading ER7 (pipe-delimited HL7 v2) through @medplum/core's parser: the accessors below take
 * HL7's 1-based numbering (PID-3.4.2 is field 3, component 4, subcomponent 2) and decode escape
 * sequences, which the parser leaves as sent.
 */

/** Bounds on what one message may hold, checked before it is parsed. */
export const MAX_SEGMENTS = 2000;
export const MAX_SEGMENT_CHARS = 64 * 1024;
export const MAX_REPETITIONS = 50;

export class Er7Error extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(message);
    this.name = 'Er7Error';
  }
}

/** Segments end with CR; LF and CRLF are accepted from senders that translate line ends. */
export function parseEr7(text: string): Hl7Message {
  const normalised = text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '');
  const segments = normalised.split('\r').filter((segment) => segment !== '');
  if (segments.length > MAX_SEGMENTS) throw new Er7Error('MSH', `the message has ${segments.length} segments; at most ${MAX_SEGMENTS} are accepted`);
  const long = segments.findIndex((segment) => segment.length > MAX_SEGMENT_CHARS);
  if (long >= 0) throw new Er7Error(segments[long]!.slice(0, 3), `a segment is longer than ${MAX_SEGMENT_CHARS} characters`);
  if (!/^MSH(.)(?:[^\r]{4})/.test(segments[0] ?? '')) throw new Er7Error('MSH', 'the message does not start with an MSH segment and its encoding characters');
  let message: Hl7Message;
  try {
    message = Hl7Message.parse(segments.join('\r'));
  } catch (error) {
    throw new Er7Error('MSH', `the message cannot be parsed: ${(error as Error).message}`);
  }
  for (const segment of message.segments) {
    if (!/^[A-Z][A-Z0-9]{2}$/.test(segment.name)) throw new Er7Error(segment.name.slice(0, 3) || '?', 'a segment name is not three letters or digits');
    segment.fields.forEach((field, index) => {
      if (field.components.length > MAX_REPETITIONS) throw new Er7Error(`${segment.name}-${segment.name === 'MSH' ? index + 1 : index}`, `more than ${MAX_REPETITIONS} repetitions`);
    });
  }
  return message;
}

/** One repetition of a field, as its components (1-based access through `component`). */
export function repetitions(segment: Hl7Segment | undefined, field: number): string[][] {
  // getField numbers MSH as HL7 does (MSH-1 is the field separator itself).
  return segment?.getField(field)?.components ?? [];
}

/** Field / component / subcomponent, escape sequences decoded; '' when absent. */
export function value(segment: Hl7Segment | undefined, field: number, component = 1, subcomponent = 1, repetition = 0): string {
  const raw = repetitions(segment, field)[repetition]?.[component - 1] ?? '';
  const sub = segment ? raw.split(segment.context.subcomponentSeparator)[subcomponent - 1] ?? '' : '';
  return segment ? unescapeEr7(sub, segment) : '';
}

export function mshValue(message: Hl7Message, field: number, component = 1, subcomponent = 1): string {
  return value(message.header, field, component, subcomponent);
}

/** HL7 escape sequences (\F\ \S\ \T\ \R\ \E\, \.br\, \Xhh\); formatting ones are dropped. */
export function unescapeEr7(text: string, segment: Hl7Segment): string {
  const { escapeCharacter: e } = segment.context;
  if (!text.includes(e)) return text;
  const pattern = new RegExp(`${escapeRegExp(e)}([^${escapeRegExp(e)}]*)${escapeRegExp(e)}`, 'g');
  return text.replace(pattern, (_whole, code: string) => {
    const ctx = segment.context;
    switch (code) {
      case 'F':
        return ctx.fieldSeparator;
      case 'S':
        return ctx.componentSeparator;
      case 'T':
        return ctx.subcomponentSeparator;
      case 'R':
        return ctx.repetitionSeparator;
      case 'E':
        return ctx.escapeCharacter;
      case '.br':
        return '\n';
      default:
        if (/^X[0-9A-Fa-f]{2,}$/.test(code)) return Buffer.from(code.slice(1), 'hex').toString('latin1');
        return '';
    }
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** Text safe in an ER7 field of an answer (ERR-8, MSA-3): separators escaped, bounded. */
export function escapeEr7(text: string, max = 200): string {
  return text
    .slice(0, max)
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\r\n]+/g, ' ');
}

const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

/**
 * An HL7 DTM with at least minutes, as ISO-8601 in UTC. The offset is the one sent, else
 * `defaultOffset` (the feed's); a time with neither is refused (null), as is an impossible one
 * (month 13, 31 April): a lenient parser would shift it to another day.
 */
export function parseDtm(text: string, defaultOffset: string | undefined): string | null {
  const match = DTM.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00', fraction = '0', sentOffset] = match;
  const offset = sentOffset ?? defaultOffset?.replace(':', '');
  if (!offset || !/^[+-]\d{4}$/.test(offset)) return null;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Math.round(Number(`0.${fraction}`) * 1000));
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const sign = offset.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  if (Math.abs(offsetMinutes) > 14 * 60) return null;
  return new Date(local - offsetMinutes * 60_000).toISOString();
}
