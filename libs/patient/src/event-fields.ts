import { z } from 'zod';

/** A stored time: UTC, as the command schemas normalised it. */
export const utcTime = z.iso.datetime();
export const nonNegative = z.number().min(0);
export const positive = z.number().gt(0);
