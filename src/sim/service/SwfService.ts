import { VirtualClock } from '../clock/VirtualClock.js';
import { SwfFault } from '../faults/SwfFault.js';
import { SeededRandom } from '../random/SeededRandom.js';
import type { OpenExecution, RunFilter, SchedulerWorld } from '../scheduler/SchedulerWorld.js';
import { validateInput } from '../validation/validateInput.js';
import {
  countPendingActivityTasks,
  pollForActivityTask,
  recordActivityTaskHeartbeat,
  respondActivityTaskCanceled,
  respondActivityTaskCompleted,
  respondActivityTaskFailed,
} from './activityTasks.js';
import { countPendingDecisionTasks, pollForDecisionTask } from './decisionTasks.js';
import { closeFamily } from './children.js';
import {
  deprecateDomain,
  describeDomain,
  listDomains,
  registerDomain,
  undeprecateDomain,
} from './domains.js';
import {
  closeExecution,
  describeWorkflowExecution,
  getWorkflowExecutionHistory,
  startWorkflowExecution,
} from './executions.js';
import {
  isOperationName,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from './operations.js';
import { respondDecisionTaskCompleted } from './respondDecisionTaskCompleted.js';
import { ServiceState, type ServiceOptions } from './ServiceState.js';
import type { CallContext, SwfEndpoint } from './SwfEndpoint.js';
import {
  requestCancelWorkflowExecution,
  signalWorkflowExecution,
  terminateWorkflowExecution,
} from './workflowControl.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import {
  deleteActivityType,
  deleteWorkflowType,
  deprecateActivityType,
  deprecateWorkflowType,
  describeActivityType,
  describeWorkflowType,
  listActivityTypes,
  listWorkflowTypes,
  registerActivityType,
  registerWorkflowType,
  undeprecateActivityType,
  undeprecateWorkflowType,
} from './types.js';
import {
  countClosedWorkflowExecutions,
  countOpenWorkflowExecutions,
  listClosedWorkflowExecutions,
  listOpenWorkflowExecutions,
} from './visibility.js';
import { allRunsClosed, earliestTaskTimeoutMs, openExecutions } from './worldView.js';

/** What an operation resolves with: its output, or nothing for operations SWF answers with an empty body. @public */
export type OperationResult<Op extends OperationName> = keyof OperationOutput<Op> extends never
  ? void
  : OperationOutput<Op>;

type Handler<Op extends OperationName> = (
  input: OperationInput<Op>,
  context: CallContext | undefined,
) => OperationResult<Op> | Promise<OperationResult<Op>>;

/** Construction options of the service. @public */
export interface SwfServiceOptions extends ServiceOptions {
  /** The virtual clock; default: one starting at 2025-01-01T00:00:00Z. */
  readonly clock?: VirtualClock;
  /** Seed of the service's random stream (run ids); default `swf-sim`. */
  readonly seed?: string;
}

/** The domain a request names, for the simulated IAM policy. */
function domainOf(input: unknown): { domain?: string } {
  const { domain, name } = input as { domain?: unknown; name?: unknown };
  const value = typeof domain === 'string' ? domain : typeof name === 'string' ? name : undefined;
  return value === undefined ? {} : { domain: value };
}

/** The instant a simulation starts at unless told otherwise: 2025-01-01T00:00:00Z. @public */
export const DEFAULT_START_MS = Date.UTC(2025, 0, 1);

/**
 * The simulated SWF service: every call is validated against the service model, then applied to
 * in-memory state on the virtual clock. `call` is the typed direct API; `dispatch` is the untyped
 * entry point adapters use.
 * @public
 */
export class SwfService implements SwfEndpoint, SchedulerWorld {
  readonly clock: VirtualClock;
  /** @internal */
  readonly state: ServiceState;
  private readonly handlers: { [Op in OperationName]?: Handler<Op> };

  constructor(options: SwfServiceOptions = {}) {
    this.clock = options.clock ?? new VirtualClock(DEFAULT_START_MS);
    this.state = new ServiceState(
      this.clock,
      new SeededRandom(options.seed ?? 'swf-sim').fork('service'),
      options,
    );
    const s = this.state;
    s.closeFamily = (execution, closeStatus, attributes, childPolicy) =>
      closeFamily(s, execution, closeStatus, attributes, childPolicy);
    s.terminateFullHistory = (execution) =>
      closeExecution(s, execution, 'TERMINATED', 'WorkflowExecutionTerminated', {
        childPolicy: execution.config.childPolicy,
        cause: 'EVENT_LIMIT_EXCEEDED',
      });
    this.handlers = {
      RegisterDomain: (input) => registerDomain(s, input),
      DescribeDomain: (input) => describeDomain(s, input),
      ListDomains: (input) => listDomains(s, input),
      RegisterWorkflowType: (input) => registerWorkflowType(s, input),
      RegisterActivityType: (input) => registerActivityType(s, input),
      DescribeWorkflowType: (input) => describeWorkflowType(s, input),
      DescribeActivityType: (input) => describeActivityType(s, input),
      ListWorkflowTypes: (input) => listWorkflowTypes(s, input),
      ListActivityTypes: (input) => listActivityTypes(s, input),
      DeprecateDomain: (input) => deprecateDomain(s, input),
      UndeprecateDomain: (input) => undeprecateDomain(s, input),
      DeprecateWorkflowType: (input) => deprecateWorkflowType(s, input),
      UndeprecateWorkflowType: (input) => undeprecateWorkflowType(s, input),
      DeleteWorkflowType: (input) => deleteWorkflowType(s, input),
      DeprecateActivityType: (input) => deprecateActivityType(s, input),
      UndeprecateActivityType: (input) => undeprecateActivityType(s, input),
      DeleteActivityType: (input) => deleteActivityType(s, input),
      ListOpenWorkflowExecutions: (input) => listOpenWorkflowExecutions(s, input),
      ListClosedWorkflowExecutions: (input) => listClosedWorkflowExecutions(s, input),
      CountOpenWorkflowExecutions: (input) => countOpenWorkflowExecutions(s, input),
      CountClosedWorkflowExecutions: (input) => countClosedWorkflowExecutions(s, input),
      TagResource: (input) => tagResource(s, input),
      UntagResource: (input) => untagResource(s, input),
      ListTagsForResource: (input) => listTagsForResource(s, input),
      StartWorkflowExecution: (input) => startWorkflowExecution(s, input),
      DescribeWorkflowExecution: (input) => describeWorkflowExecution(s, input),
      GetWorkflowExecutionHistory: (input) => getWorkflowExecutionHistory(s, input),
      SignalWorkflowExecution: (input) => signalWorkflowExecution(s, input),
      RequestCancelWorkflowExecution: (input) => requestCancelWorkflowExecution(s, input),
      TerminateWorkflowExecution: (input) => terminateWorkflowExecution(s, input),
      PollForDecisionTask: (input, context) => pollForDecisionTask(s, input, context),
      RespondDecisionTaskCompleted: (input) => respondDecisionTaskCompleted(s, input),
      CountPendingDecisionTasks: (input) => ({
        count: countPendingDecisionTasks(s, input.domain as string, input.taskList?.name as string),
        truncated: false,
      }),
      PollForActivityTask: (input, context) => pollForActivityTask(s, input, context),
      RespondActivityTaskCompleted: (input) => respondActivityTaskCompleted(s, input),
      RespondActivityTaskFailed: (input) => respondActivityTaskFailed(s, input),
      RespondActivityTaskCanceled: (input) => respondActivityTaskCanceled(s, input),
      RecordActivityTaskHeartbeat: (input) => recordActivityTaskHeartbeat(s, input),
      CountPendingActivityTasks: (input) => ({
        count: countPendingActivityTasks(s, input.domain as string, input.taskList?.name as string),
        truncated: false,
      }),
    };
  }

  /**
   * Calls an operation with SDK-typed input. Rejects with an `SwfFault` for anything SWF would
   * refuse; a refused call changes nothing.
   */
  call<Op extends OperationName>(
    operation: Op,
    input: OperationInput<Op>,
    context?: CallContext,
  ): Promise<OperationResult<Op>> {
    try {
      // Only what the model defines goes on: a client's extra members never reach the state.
      const accepted = validateInput(operation, input);
      const { permits } = this.state.options;
      if (permits !== undefined && !permits({ operation, ...domainOf(accepted) })) {
        throw new SwfFault('OperationNotPermittedFault', `Not authorized to perform swf:${operation}`);
      }
      const handler = this.handlers[operation];
      if (handler === undefined) {
        throw new SwfFault('InternalFailure', `swf-sim does not simulate ${operation} yet`);
      }
      const result = handler(accepted, context);
      this.state.enforceHistoryCap();
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The adapters' entry point: an operation name and decoded JSON input. */
  dispatch(operation: string, input: unknown, context?: CallContext): Promise<unknown> {
    if (!isOperationName(operation)) {
      return Promise.reject(
        new SwfFault('UnknownOperationException', `Unknown operation: SimpleWorkflowService.${operation}`),
      );
    }
    return this.call(operation, input as OperationInput<typeof operation>, context);
  }

  /** Whether at least one run (of `filter`, when given) was started and is retained, and none is open. */
  allRunsClosed(filter?: RunFilter): boolean {
    return allRunsClosed(this.state, filter);
  }

  /** Every open run, domain by domain. */
  openExecutions(): OpenExecution[] {
    return openExecutions(this.state);
  }

  /** The shortest timeout running while the task `taskToken` names is worked on, if any. */
  earliestTaskTimeoutMs(taskToken: string): number | undefined {
    return earliestTaskTimeoutMs(this.state, taskToken);
  }
}
