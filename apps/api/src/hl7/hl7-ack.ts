import { randomBytes } from 'node:crypto';
import { escapeEr7 } from './er7';
import { errorText, type Hl7Issue, locationText } from './hl7-issue';

export type AckCode = 'AA' | 'AE' | 'AR';

/** What an acknowledgement answers: the header fields it mirrors (empty when the message could not be read). */
export interface AckHeader {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  controlId: string;
  version: string;
}

export const UNREADABLE_HEADER: AckHeader = { sendingApplication: '', sendingFacility: '', receivingApplication: '', receivingFacility: '', controlId: '', version: '2.5.1' };

function hl7Time(now: Date): string {
  return `${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

/**
 * An original-mode acknowledgement (ACK^R01): MSA with the code and the message's control id, and
 * one ERR per issue naming segment, field and reason. ERR-2/3/4/8 from v2.5 on; ERR-1 (segment^
 * sequence^field^code) before, where ERR-8 does not exist, so MSA-3 carries the first reason too.
 */
export function buildAck(header: AckHeader, code: AckCode, issues: ReadonlyArray<Hl7Issue>, now: Date): string {
  const version = header.version || '2.5.1';
  const modern = !/^2\.[34]/.test(version);
  const summary = code === 'AA' ? '' : issues.length ? `${locationText(issues[0]!)}: ${issues[0]!.message}` : 'refused';
  const segments = [
    [
      'MSH',
      '^~\\&',
      escapeEr7(header.receivingApplication || 'POEMS', 180),
      escapeEr7(header.receivingFacility, 180),
      escapeEr7(header.sendingApplication, 180),
      escapeEr7(header.sendingFacility, 180),
      hl7Time(now),
      '',
      'ACK^R01^ACK',
      randomBytes(10).toString('hex'),
      'P',
      version,
    ].join('|'),
    ['MSA', code, escapeEr7(header.controlId, 199), modern ? '' : escapeEr7(summary, 80)].join('|').replace(/\|+$/, ''),
    ...issues.map((issue) => (modern ? modernErr(issue) : legacyErr(issue))),
  ];
  return segments.join('\r');
}

function modernErr(issue: Hl7Issue): string {
  const location = [issue.segment, issue.sequence, issue.field, issue.component !== undefined ? 1 : '', issue.component ?? ''].join('^').replace(/\^+$/, '');
  return ['ERR', '', location, `${issue.code}^${errorText(issue.code)}^HL70357`, 'E', '', '', '', escapeEr7(`${locationText(issue)}: ${issue.message}`, 250)].join('|');
}

function legacyErr(issue: Hl7Issue): string {
  return `ERR|${issue.segment}^${issue.sequence}^${issue.field}^${issue.code}&${errorText(issue.code)}&HL70357`;
}
