import type {
  CountClosedWorkflowExecutionsCommandInput,
  CountClosedWorkflowExecutionsCommandOutput,
  CountOpenWorkflowExecutionsCommandInput,
  CountOpenWorkflowExecutionsCommandOutput,
  CountPendingActivityTasksCommandInput,
  CountPendingActivityTasksCommandOutput,
  CountPendingDecisionTasksCommandInput,
  CountPendingDecisionTasksCommandOutput,
  DeleteActivityTypeCommandInput,
  DeleteActivityTypeCommandOutput,
  DeleteWorkflowTypeCommandInput,
  DeleteWorkflowTypeCommandOutput,
  DeprecateActivityTypeCommandInput,
  DeprecateActivityTypeCommandOutput,
  DeprecateDomainCommandInput,
  DeprecateDomainCommandOutput,
  DeprecateWorkflowTypeCommandInput,
  DeprecateWorkflowTypeCommandOutput,
  DescribeActivityTypeCommandInput,
  DescribeActivityTypeCommandOutput,
  DescribeDomainCommandInput,
  DescribeDomainCommandOutput,
  DescribeWorkflowExecutionCommandInput,
  DescribeWorkflowExecutionCommandOutput,
  DescribeWorkflowTypeCommandInput,
  DescribeWorkflowTypeCommandOutput,
  GetWorkflowExecutionHistoryCommandInput,
  GetWorkflowExecutionHistoryCommandOutput,
  ListActivityTypesCommandInput,
  ListActivityTypesCommandOutput,
  ListClosedWorkflowExecutionsCommandInput,
  ListClosedWorkflowExecutionsCommandOutput,
  ListDomainsCommandInput,
  ListDomainsCommandOutput,
  ListOpenWorkflowExecutionsCommandInput,
  ListOpenWorkflowExecutionsCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  ListWorkflowTypesCommandInput,
  ListWorkflowTypesCommandOutput,
  PollForActivityTaskCommandInput,
  PollForActivityTaskCommandOutput,
  PollForDecisionTaskCommandInput,
  PollForDecisionTaskCommandOutput,
  RecordActivityTaskHeartbeatCommandInput,
  RecordActivityTaskHeartbeatCommandOutput,
  RegisterActivityTypeCommandInput,
  RegisterActivityTypeCommandOutput,
  RegisterDomainCommandInput,
  RegisterDomainCommandOutput,
  RegisterWorkflowTypeCommandInput,
  RegisterWorkflowTypeCommandOutput,
  RequestCancelWorkflowExecutionCommandInput,
  RequestCancelWorkflowExecutionCommandOutput,
  RespondActivityTaskCanceledCommandInput,
  RespondActivityTaskCanceledCommandOutput,
  RespondActivityTaskCompletedCommandInput,
  RespondActivityTaskCompletedCommandOutput,
  RespondActivityTaskFailedCommandInput,
  RespondActivityTaskFailedCommandOutput,
  RespondDecisionTaskCompletedCommandInput,
  RespondDecisionTaskCompletedCommandOutput,
  SignalWorkflowExecutionCommandInput,
  SignalWorkflowExecutionCommandOutput,
  StartWorkflowExecutionCommandInput,
  StartWorkflowExecutionCommandOutput,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  TerminateWorkflowExecutionCommandInput,
  TerminateWorkflowExecutionCommandOutput,
  UndeprecateActivityTypeCommandInput,
  UndeprecateActivityTypeCommandOutput,
  UndeprecateDomainCommandInput,
  UndeprecateDomainCommandOutput,
  UndeprecateWorkflowTypeCommandInput,
  UndeprecateWorkflowTypeCommandOutput,
  UntagResourceCommandInput,
  UntagResourceCommandOutput,
} from '@aws-sdk/client-swf';

type Out<T extends { $metadata: unknown }> = Omit<T, '$metadata'>;

/** Every SWF operation with its input and output, as the SDK declares them. @public */
export interface OperationTypes {
  CountClosedWorkflowExecutions: {
    input: CountClosedWorkflowExecutionsCommandInput;
    output: Out<CountClosedWorkflowExecutionsCommandOutput>;
  };
  CountOpenWorkflowExecutions: {
    input: CountOpenWorkflowExecutionsCommandInput;
    output: Out<CountOpenWorkflowExecutionsCommandOutput>;
  };
  CountPendingActivityTasks: {
    input: CountPendingActivityTasksCommandInput;
    output: Out<CountPendingActivityTasksCommandOutput>;
  };
  CountPendingDecisionTasks: {
    input: CountPendingDecisionTasksCommandInput;
    output: Out<CountPendingDecisionTasksCommandOutput>;
  };
  DeleteActivityType: { input: DeleteActivityTypeCommandInput; output: Out<DeleteActivityTypeCommandOutput> };
  DeleteWorkflowType: { input: DeleteWorkflowTypeCommandInput; output: Out<DeleteWorkflowTypeCommandOutput> };
  DeprecateActivityType: {
    input: DeprecateActivityTypeCommandInput;
    output: Out<DeprecateActivityTypeCommandOutput>;
  };
  DeprecateDomain: { input: DeprecateDomainCommandInput; output: Out<DeprecateDomainCommandOutput> };
  DeprecateWorkflowType: {
    input: DeprecateWorkflowTypeCommandInput;
    output: Out<DeprecateWorkflowTypeCommandOutput>;
  };
  DescribeActivityType: {
    input: DescribeActivityTypeCommandInput;
    output: Out<DescribeActivityTypeCommandOutput>;
  };
  DescribeDomain: { input: DescribeDomainCommandInput; output: Out<DescribeDomainCommandOutput> };
  DescribeWorkflowExecution: {
    input: DescribeWorkflowExecutionCommandInput;
    output: Out<DescribeWorkflowExecutionCommandOutput>;
  };
  DescribeWorkflowType: {
    input: DescribeWorkflowTypeCommandInput;
    output: Out<DescribeWorkflowTypeCommandOutput>;
  };
  GetWorkflowExecutionHistory: {
    input: GetWorkflowExecutionHistoryCommandInput;
    output: Out<GetWorkflowExecutionHistoryCommandOutput>;
  };
  ListActivityTypes: { input: ListActivityTypesCommandInput; output: Out<ListActivityTypesCommandOutput> };
  ListClosedWorkflowExecutions: {
    input: ListClosedWorkflowExecutionsCommandInput;
    output: Out<ListClosedWorkflowExecutionsCommandOutput>;
  };
  ListDomains: { input: ListDomainsCommandInput; output: Out<ListDomainsCommandOutput> };
  ListOpenWorkflowExecutions: {
    input: ListOpenWorkflowExecutionsCommandInput;
    output: Out<ListOpenWorkflowExecutionsCommandOutput>;
  };
  ListTagsForResource: {
    input: ListTagsForResourceCommandInput;
    output: Out<ListTagsForResourceCommandOutput>;
  };
  ListWorkflowTypes: { input: ListWorkflowTypesCommandInput; output: Out<ListWorkflowTypesCommandOutput> };
  PollForActivityTask: {
    input: PollForActivityTaskCommandInput;
    output: Out<PollForActivityTaskCommandOutput>;
  };
  PollForDecisionTask: {
    input: PollForDecisionTaskCommandInput;
    output: Out<PollForDecisionTaskCommandOutput>;
  };
  RecordActivityTaskHeartbeat: {
    input: RecordActivityTaskHeartbeatCommandInput;
    output: Out<RecordActivityTaskHeartbeatCommandOutput>;
  };
  RegisterActivityType: {
    input: RegisterActivityTypeCommandInput;
    output: Out<RegisterActivityTypeCommandOutput>;
  };
  RegisterDomain: { input: RegisterDomainCommandInput; output: Out<RegisterDomainCommandOutput> };
  RegisterWorkflowType: {
    input: RegisterWorkflowTypeCommandInput;
    output: Out<RegisterWorkflowTypeCommandOutput>;
  };
  RequestCancelWorkflowExecution: {
    input: RequestCancelWorkflowExecutionCommandInput;
    output: Out<RequestCancelWorkflowExecutionCommandOutput>;
  };
  RespondActivityTaskCanceled: {
    input: RespondActivityTaskCanceledCommandInput;
    output: Out<RespondActivityTaskCanceledCommandOutput>;
  };
  RespondActivityTaskCompleted: {
    input: RespondActivityTaskCompletedCommandInput;
    output: Out<RespondActivityTaskCompletedCommandOutput>;
  };
  RespondActivityTaskFailed: {
    input: RespondActivityTaskFailedCommandInput;
    output: Out<RespondActivityTaskFailedCommandOutput>;
  };
  RespondDecisionTaskCompleted: {
    input: RespondDecisionTaskCompletedCommandInput;
    output: Out<RespondDecisionTaskCompletedCommandOutput>;
  };
  SignalWorkflowExecution: {
    input: SignalWorkflowExecutionCommandInput;
    output: Out<SignalWorkflowExecutionCommandOutput>;
  };
  StartWorkflowExecution: {
    input: StartWorkflowExecutionCommandInput;
    output: Out<StartWorkflowExecutionCommandOutput>;
  };
  TagResource: { input: TagResourceCommandInput; output: Out<TagResourceCommandOutput> };
  TerminateWorkflowExecution: {
    input: TerminateWorkflowExecutionCommandInput;
    output: Out<TerminateWorkflowExecutionCommandOutput>;
  };
  UndeprecateActivityType: {
    input: UndeprecateActivityTypeCommandInput;
    output: Out<UndeprecateActivityTypeCommandOutput>;
  };
  UndeprecateDomain: { input: UndeprecateDomainCommandInput; output: Out<UndeprecateDomainCommandOutput> };
  UndeprecateWorkflowType: {
    input: UndeprecateWorkflowTypeCommandInput;
    output: Out<UndeprecateWorkflowTypeCommandOutput>;
  };
  UntagResource: { input: UntagResourceCommandInput; output: Out<UntagResourceCommandOutput> };
}

/** The name of an SWF operation, e.g. `PollForDecisionTask`. @public */
export type OperationName = keyof OperationTypes;

/** The input type of operation `Op`. @public */
export type OperationInput<Op extends OperationName> = OperationTypes[Op]['input'];

/** The output type of operation `Op`. @public */
export type OperationOutput<Op extends OperationName> = OperationTypes[Op]['output'];

/** All 39 operation names, for routing and coverage. @public */
export const OPERATION_NAMES = [
  'CountClosedWorkflowExecutions',
  'CountOpenWorkflowExecutions',
  'CountPendingActivityTasks',
  'CountPendingDecisionTasks',
  'DeleteActivityType',
  'DeleteWorkflowType',
  'DeprecateActivityType',
  'DeprecateDomain',
  'DeprecateWorkflowType',
  'DescribeActivityType',
  'DescribeDomain',
  'DescribeWorkflowExecution',
  'DescribeWorkflowType',
  'GetWorkflowExecutionHistory',
  'ListActivityTypes',
  'ListClosedWorkflowExecutions',
  'ListDomains',
  'ListOpenWorkflowExecutions',
  'ListTagsForResource',
  'ListWorkflowTypes',
  'PollForActivityTask',
  'PollForDecisionTask',
  'RecordActivityTaskHeartbeat',
  'RegisterActivityType',
  'RegisterDomain',
  'RegisterWorkflowType',
  'RequestCancelWorkflowExecution',
  'RespondActivityTaskCanceled',
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondDecisionTaskCompleted',
  'SignalWorkflowExecution',
  'StartWorkflowExecution',
  'TagResource',
  'TerminateWorkflowExecution',
  'UndeprecateActivityType',
  'UndeprecateDomain',
  'UndeprecateWorkflowType',
  'UntagResource',
] as const satisfies readonly OperationName[];

/** Whether `name` is an SWF operation. @public */
export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
