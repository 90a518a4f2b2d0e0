import type {
  DefaultUndefinedFault,
  DomainAlreadyExistsFault,
  DomainDeprecatedFault,
  LimitExceededFault,
  OperationNotPermittedFault,
  TooManyTagsFault,
  TypeAlreadyExistsFault,
  TypeDeprecatedFault,
  TypeNotDeprecatedFault,
  UnknownResourceFault,
  WorkflowExecutionAlreadyStartedFault,
} from '@aws-sdk/client-swf';

/** Names of the faults SWF models; taken from the SDK's own exception classes. @public */
export type ModeledFaultName =
  | DefaultUndefinedFault['name']
  | DomainAlreadyExistsFault['name']
  | DomainDeprecatedFault['name']
  | LimitExceededFault['name']
  | OperationNotPermittedFault['name']
  | TooManyTagsFault['name']
  | TypeAlreadyExistsFault['name']
  | TypeDeprecatedFault['name']
  | TypeNotDeprecatedFault['name']
  | UnknownResourceFault['name']
  | WorkflowExecutionAlreadyStartedFault['name'];

/** Generic errors of AWS's Coral framework that SWF returns besides its modeled faults. @public */
export type CoralFaultName =
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'ThrottlingException'
  | 'InternalFailure';

/** Every error the simulated service can return on the wire. @public */
export type SwfFaultName = ModeledFaultName | CoralFaultName;

const CORAL_NAMESPACES: Record<CoralFaultName, string> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  ThrottlingException: 'com.amazon.coral.availability',
  InternalFailure: 'com.amazon.coral.service',
};

/**
 * A wire-facing error: the service throws it, adapters write it as HTTP 400 `{__type, message}`
 * (500 for InternalFailure), and the SDK rebuilds its own exception class from it.
 * @public
 */
export class SwfFault extends Error {
  override readonly name: SwfFaultName;

  constructor(name: SwfFaultName, message: string) {
    super(message);
    this.name = name;
  }

  /** The `__type` SWF writes, e.g. `com.amazonaws.swf.base.model#UnknownResourceFault`. */
  get wireType(): string {
    const namespace = (CORAL_NAMESPACES as Partial<Record<SwfFaultName, string>>)[this.name];
    return `${namespace ?? 'com.amazonaws.swf.base.model'}#${this.name}`;
  }

  /** HTTP status the fault travels with. */
  get httpStatus(): number {
    return this.name === 'InternalFailure' ? 500 : 400;
  }
}

/** Shorthand constructors, named after the fault, in SWF's own message style. @internal */
export const fault = {
  unknownResource: (message: string) => new SwfFault('UnknownResourceFault', message),
  validation: (message: string) => new SwfFault('ValidationException', message),
  unknownDomain: (domain: string) => new SwfFault('UnknownResourceFault', `Unknown domain: ${domain}`),
};
