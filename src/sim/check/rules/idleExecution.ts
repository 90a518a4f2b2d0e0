/**
 * `noIdleOpenExecution`: an open, complete history leaves something pending after its last
 * event (docs/invariants.md).
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { hasOpenWork } from '../../history/OpenWork.js';
import type { CheckContext } from '../CheckContext.js';
import { label } from '../format.js';
import type { InvariantFamily, InvariantRule } from '../InvariantRule.js';

class IdleExecutionRule implements InvariantRule {
  constructor(private readonly ctx: CheckContext) {}

  finish(): void {
    const { ctx } = this;
    // An excerpt cannot tell: what was opened before it is unknown.
    if (!ctx.endsJudgeable() || ctx.excerpt || hasOpenWork(ctx.work)) return;
    const last = ctx.events[ctx.events.length - 1] as HistoryEvent;
    ctx.report(
      'noIdleOpenExecution',
      [last.eventId as number],
      `The run is open but nothing is pending after ${label(last)}: no decision task, activity, timer, child workflow, Lambda task or external request is open, so only a signal or the execution timeout can move it.`,
    );
  }
}

/** Liveness: an open run is waiting for something. @internal */
export const idleExecution = {
  invariants: ['noIdleOpenExecution'],
  create: (ctx: CheckContext) => new IdleExecutionRule(ctx),
} satisfies InvariantFamily;
