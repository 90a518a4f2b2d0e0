/** The plan a re-enactment follows: its steps and everything it derives from the recorded history. */
import type {
  ActivityTypeConfiguration,
  ChildPolicy,
  Decision,
  TaskList,
  WorkflowType,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';

/** Task lists and types the re-enactment invents; never in a recorded history. @internal */
export const REENACT_PREFIX = 'swf-sim-reenact';

/** The workflow type of executions the re-enactment starts for its own needs. @internal */
export const STAND_IN_TYPE = { name: `${REENACT_PREFIX}-stand-in`, version: '1' } as const;

/**
 * One thing the re-enactment does, at the recorded instant `atMs` (ms after the run's start;
 * undefined when the recording has no timestamps). Every recorded event gives one step: the
 * client call that caused it, or `await` for what the service writes by itself (the step then
 * only moves virtual time to the recorded instant).
 * @internal
 */
export type ReenactStep = { readonly eventId: number; readonly atMs: number | undefined } & (
  | { readonly kind: 'await' }
  | {
      /**
       * What the service does after a batch of the run (a delivery, its acknowledgement, a
       * child's or Lambda's start) happens now, at the recorded instant: it was held since the
       * batch (`BatchEffect`; `eventId` names the run's `…Initiated` or `LambdaFunctionScheduled`).
       */
      readonly kind: 'release';
      readonly effect: 'deliver' | 'acknowledge' | 'startChild' | 'startLambda';
      readonly sourceEventId: number;
    }
  | { readonly kind: 'pollDecision'; readonly taskList: string; readonly identity?: string }
  | {
      readonly kind: 'respondDecision';
      readonly decisions: readonly Decision[];
      readonly executionContext?: string;
      readonly taskList?: TaskList;
      readonly taskListScheduleToStartTimeout?: string;
    }
  | {
      readonly kind: 'pollActivity';
      readonly taskList: string;
      readonly identity?: string;
      readonly activityId: string;
    }
  | { readonly kind: 'completeActivity'; readonly activityId: string; readonly result?: string }
  | {
      readonly kind: 'failActivity';
      readonly activityId: string;
      readonly reason?: string;
      readonly details?: string;
    }
  | { readonly kind: 'cancelActivity'; readonly activityId: string; readonly details?: string }
  | { readonly kind: 'heartbeat'; readonly activityId: string; readonly details?: string }
  | { readonly kind: 'signal'; readonly signalName: string; readonly input?: string }
  | { readonly kind: 'requestCancel' }
  | {
      /** A signal or cancel request another execution sent: that execution sends it again. */
      readonly kind: 'external';
      readonly request: 'signal' | 'cancel';
      readonly sender: { readonly workflowId: string; readonly runId?: string };
      /** The sender's `…Initiated` event id, which the recording names. */
      readonly initiatedEventId: number;
      readonly signalName?: string;
      readonly input?: string;
    }
  | {
      /** The parent closes and its child policy reaches the run (TERMINATE or REQUEST_CANCEL). */
      readonly kind: 'parentPolicy';
      readonly childPolicy: ChildPolicy;
    }
  | {
      readonly kind: 'terminate';
      readonly reason?: string;
      readonly details?: string;
      readonly childPolicy?: ChildPolicy;
    }
  | {
      readonly kind: 'closeChild';
      readonly workflowId: string;
      readonly how: 'complete' | 'fail' | 'cancel' | 'terminate';
      readonly result?: string;
      readonly reason?: string;
      readonly details?: string;
    }
  | {
      readonly kind: 'typeChange';
      readonly typeKind: 'workflow' | 'activity';
      readonly type: WorkflowType;
      readonly change: 'register' | 'deprecate' | 'undeprecate' | 'delete';
    }
);

/** A type to register before the run starts, with the defaults some recorded failure needs. @internal */
export interface TypeRegistration {
  readonly kind: 'workflow' | 'activity';
  readonly type: { readonly name: string; readonly version: string };
  readonly defaults: Partial<WorkflowTypeConfiguration & ActivityTypeConfiguration>;
  /** Deprecated right after registration (its first recorded use needs it deprecated). */
  readonly deprecated: boolean;
}

/** What a recorded Lambda task did, for the simulated function to do again. @internal */
export interface LambdaOutcome {
  readonly name: string;
  /** Its recorded `LambdaFunctionStarted` id: the calls of one function come in this order. 0: never started. */
  readonly startedEventId: number;
  /** Virtual time from the task's start (its batch) to its outcome. */
  readonly durationMs: number;
  readonly outcome:
    | { readonly kind: 'completed'; readonly result: string }
    | { readonly kind: 'failed'; readonly reason: string; readonly details?: string }
    | { readonly kind: 'timedOut' }
    | { readonly kind: 'open' };
}

/** Everything the re-enactment needs, derived from the recorded history alone. @internal */
export interface ReenactmentPlan {
  /** The instant of the first recorded event (epoch ms), or undefined without timestamps. */
  readonly startMs: number | undefined;
  /** The run's workflowId, as inferred (or given). */
  readonly workflowId: string;
  /** The run's recorded runId, when the history tells it. */
  readonly recordedRunId?: string;
  /** StartWorkflowExecution's members (domain and workflowId aside). */
  readonly start: {
    readonly workflowType: WorkflowType;
    readonly taskList: TaskList;
    readonly executionStartToCloseTimeout: string;
    readonly taskStartToCloseTimeout: string;
    readonly childPolicy: ChildPolicy;
    readonly input?: string;
    /** As recorded: SWF stored a null tag a boto client sent. */
    readonly tagList?: (string | null)[];
    readonly lambdaRole?: string;
    readonly taskPriority?: string;
  };
  /** The first recorded event is not WorkflowExecutionStarted: event 1 is made up. */
  readonly synthesizedStart: boolean;
  /**
   * The run is a child: a stand-in parent (this workflowId) starts it with a decision whose
   * `StartChildWorkflowExecutionInitiated` lands at `initiatedEventId`.
   */
  readonly parent?: {
    readonly workflowId: string;
    readonly runId?: string;
    readonly initiatedEventId: number;
  };
  /** The run continues an earlier run (its recorded runId): a stand-in run continues as new into it. */
  readonly continuedFrom?: string;
  /** Other executions whose recorded signals or cancel requests reach the run: stand-ins send them. */
  readonly senders: readonly { readonly workflowId: string; readonly runId?: string }[];
  readonly registrations: readonly TypeRegistration[];
  readonly steps: readonly ReenactStep[];
  readonly lambdas: readonly LambdaOutcome[];
  /** workflowIds that must have an open run (on a private task list) for recorded outcomes. */
  readonly standIns: readonly string[];
  /** Recorded runIds of other executions, by workflowId, in order of appearance. */
  readonly recordedRunIds: ReadonlyMap<string, readonly string[]>;
  readonly serviceOptions: {
    readonly decisionScheduleToStartAttribute: boolean;
    readonly lambdaAvailable: boolean;
    readonly maxHistoryEvents?: number;
  };
  /** What the re-enactment cannot reproduce exactly, found before running (one sentence each). */
  readonly limitations: readonly string[];
}
