import { z } from 'zod';

/** A stored time: UTC, as the command schemas normalised it. */
export const utcTime = z.iso.datetime();
export const nonNegative = z.number().min(0);
export const positive = z.number().gt(0);

/**
 * The clinic's UTC offset at the event's clinical time when it was decided ("+09:00"), so the
 * clinic day of a stored UTC time never depends on a later time-zone database. Absent on events
 * decided before clinic time zones were recorded.
 */
export const clinicalTimeOffsetField = { clinicalTimeOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/).optional() };
