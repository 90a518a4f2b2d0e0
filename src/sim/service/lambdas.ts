import type {
  ScheduleLambdaFunctionDecisionAttributes,
  ScheduleLambdaFunctionFailedCause,
} from '@aws-sdk/client-swf';
import { scheduleDecisionTask } from './decisionTasks.js';
import { openWork, type Execution, type LambdaTask } from './model.js';
import type { ServiceState } from './ServiceState.js';

/** ScheduleLambdaFunction's default and maximum START_TO_CLOSE (swf-semantics §7.4.13). */
const DEFAULT_LAMBDA_TIMEOUT_S = 900;

/**
 * The ScheduleLambdaFunction decision (swf-semantics §17): `LambdaFunctionScheduled` (its
 * `startToCloseTimeout` only when the decision gave one), or `ScheduleLambdaFunctionFailed`.
 * The task starts after the batch.
 */
export function scheduleLambda(
  s: ServiceState,
  execution: Execution,
  attributes: ScheduleLambdaFunctionDecisionAttributes,
  decisionTaskCompletedEventId: number,
): LambdaTask | undefined {
  const id = attributes.id as string;
  const name = attributes.name as string;
  const fail = (cause: ScheduleLambdaFunctionFailedCause): undefined => {
    s.append(execution, 'ScheduleLambdaFunctionFailed', { id, name, cause, decisionTaskCompletedEventId });
    return undefined;
  };
  if (!s.options.lambdaAvailable) return fail('LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION');
  if (execution.openLambdas.has(id)) return fail('ID_ALREADY_IN_USE');
  if (execution.openLambdas.size >= s.options.quotas.openLambdasPerExecution)
    return fail('OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED');
  const event = s.append(execution, 'LambdaFunctionScheduled', {
    id,
    name,
    ...(attributes.control !== undefined && { control: attributes.control }),
    ...(attributes.input !== undefined && { input: attributes.input }),
    ...(attributes.startToCloseTimeout !== undefined && {
      startToCloseTimeout: attributes.startToCloseTimeout,
    }),
    decisionTaskCompletedEventId,
  });
  const task: LambdaTask = {
    id,
    name,
    ...(attributes.input !== undefined && { input: attributes.input }),
    scheduledEventId: event.eventId as number,
    startToCloseTimeoutMs: Number(attributes.startToCloseTimeout ?? DEFAULT_LAMBDA_TIMEOUT_S) * 1000,
    startedEventId: 0,
  };
  openWork(execution, 'openLambdas').set(id, task);
  return task;
}

/**
 * Runs a scheduled Lambda task after its batch: without an IAM role on the execution it cannot
 * start (`StartLambdaFunctionFailed`, as recorded); otherwise `LambdaFunctionStarted`, then the
 * registered function's outcome — at once, or after its virtual duration, or a START_TO_CLOSE
 * timeout when that duration reaches the limit.
 */
export function startLambda(s: ServiceState, execution: Execution, task: LambdaTask): void {
  if (execution.status !== 'OPEN' || execution.openLambdas.get(task.id) !== task) return;
  if (execution.config.lambdaRole === undefined) {
    execution.openLambdas.delete(task.id);
    s.append(execution, 'StartLambdaFunctionFailed', {
      scheduledEventId: task.scheduledEventId,
      cause: 'ASSUME_ROLE_FAILED',
      message: 'No IAM role is attached to the current workflow execution.',
    });
    scheduleDecisionTask(s, execution);
    return;
  }
  const started = s.append(execution, 'LambdaFunctionStarted', { scheduledEventId: task.scheduledEventId });
  task.startedEventId = started.eventId as number;
  const outcome = runFunction(s, task);
  const finish = (): void => {
    if (execution.status !== 'OPEN' || execution.openLambdas.get(task.id) !== task) return;
    execution.openLambdas.delete(task.id);
    const ids = { scheduledEventId: task.scheduledEventId, startedEventId: task.startedEventId };
    if (outcome.durationMs >= task.startToCloseTimeoutMs) {
      s.append(execution, 'LambdaFunctionTimedOut', { ...ids, timeoutType: 'START_TO_CLOSE' });
    } else if ('result' in outcome) {
      s.append(execution, 'LambdaFunctionCompleted', { ...ids, result: outcome.result });
    } else {
      s.append(execution, 'LambdaFunctionFailed', {
        ...ids,
        reason: outcome.reason,
        details: outcome.details,
      });
    }
    scheduleDecisionTask(s, execution);
  };
  const delayMs = Math.min(outcome.durationMs, task.startToCloseTimeoutMs);
  if (delayMs === 0) finish();
  else task.timeout = s.after(delayMs, `lambda ${task.id}`, finish);
}

type Outcome = { durationMs: number } & ({ result: string } | { reason: string; details: string });

function runFunction(s: ServiceState, task: LambdaTask): Outcome {
  const fn = s.lambdaFunctions.get(task.name);
  if (fn === undefined) {
    return {
      durationMs: 0,
      reason: 'ResourceNotFoundException',
      details: `Function not found: ${task.name}`,
    };
  }
  try {
    const output = fn(task.input);
    return typeof output === 'string'
      ? { durationMs: 0, result: output }
      : { durationMs: output.durationMs ?? 0, result: output.result };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return {
      durationMs: 0,
      reason: name,
      details: JSON.stringify({ errorMessage: message, errorType: name }),
    };
  }
}
