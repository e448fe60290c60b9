import { systemPrincipal } from '@poems/auth';
import { ALERT_STREAM } from '@poems/command-pipeline';
import { DomainError } from '@poems/kernel';
import { loadAlert } from '@poems/runtime';
import type { EngineContext } from '../engine-context';

export const ALERT_ENGINE = systemPrincipal('alert-engine');

/**
 * Fires when a critical alert's escalation falls due: escalates it if it is still open and
 * unacknowledged (the decider says whether), otherwise does nothing. Marks the schedule done.
 */
export async function escalateAlert(ctx: EngineContext, alertId: string, level: number): Promise<'escalated' | 'not-needed'> {
  const alert = await loadAlert(ctx.store, alertId);
  let result: 'escalated' | 'not-needed' = 'not-needed';
  if (alert.state.status !== 'NONE' && alert.state.escalations.length < level) {
    try {
      await ctx.handler.handle(ALERT_STREAM, { type: 'EscalateAlert', alertId }, { principal: ALERT_ENGINE, correlationId: `escalate:${alertId}:${level}`, source: 'worker' });
      result = 'escalated';
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_ESCALATABLE')) throw error;
    }
  }
  await ctx.pool.query(`UPDATE ${ctx.schema}.alert_escalation_schedule SET done_at = now() WHERE alert_id = $1 AND level = $2`, [alertId, level]);
  return result;
}
