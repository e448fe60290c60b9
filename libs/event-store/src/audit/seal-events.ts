import { z } from 'zod';

/**
 * Seals live in their own stream, hash-chained like every other. Each covers the global order up
 * to a position and lists the head of every stream changed since the previous seal, so that
 * truncating a stream, or deleting one whole, no longer matches what was sealed.
 */
export const SEAL_STREAM_ID = 'audit-seals';
export const LOG_SEALED = 'LogSealed';

export const streamHeadSchema = z.object({ streamId: z.string(), revision: z.number().int().nonnegative(), hash: z.string() });
export type StreamHead = z.infer<typeof streamHeadSchema>;

export const logSealedSchema = z.object({
  sealNumber: z.number().int().positive(),
  /** Every event at or below this global position (outside the seal stream) is covered. */
  coversPosition: z.number().int().nonnegative(),
  previousCoversPosition: z.number().int().nonnegative(),
  /** Hash of the previous seal event (64 zeros for the first). */
  previousSealHash: z.string(),
  streamHeads: z.array(streamHeadSchema),
  eventsCovered: z.number().int().nonnegative(),
});
export type LogSealed = z.infer<typeof logSealedSchema>;

export function parseSeal(data: unknown): LogSealed {
  return logSealedSchema.parse(data);
}
