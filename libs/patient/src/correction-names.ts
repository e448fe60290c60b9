/**
 * `reason` on a CorrectEvent is the reason for the correction, so an original event's own `reason`
 * field (a dose change's or a regimen end's) is corrected under this name.
 */
export const CORRECTED_REASON = 'correctedReason';
