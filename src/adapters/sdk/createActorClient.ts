import type { SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import type { ActorPort } from '../../sim/scheduler/Actor.js';
import { ActorHttpHandler } from './ActorHttpHandler.js';
import { newSwfClient } from './newSwfClient.js';
import { VirtualTimeRetryStrategy } from './VirtualTimeRetryStrategy.js';

/** Options of {@link createActorClient}. @public */
export interface CreateActorClientOptions {
  /** SDK attempts per call, the first included; default 3 (the SDK's default). */
  readonly maxAttempts?: number;
  /** Extra SDK settings (the request handler and retry strategy cannot be replaced). */
  readonly clientConfig?: Partial<SWFClientConfig>;
}

/**
 * A real `SWFClient` for one actor of the deterministic runner: requests go to the actor's
 * {@link ActorPort} through an {@link ActorHttpHandler}; retries follow the SDK's standard policy
 * with their backoff charged to virtual time ({@link VirtualTimeRetryStrategy}). Same pinned
 * defaults as `createSdkClient` (region, dummy credentials, `.invalid` endpoint, no environment
 * lookups).
 * @public
 */
export function createActorClient(port: ActorPort, options: CreateActorClientOptions = {}): SWFClient {
  const maxAttempts = options.maxAttempts ?? 3;
  return newSwfClient({
    region: 'us-east-1',
    endpoint: 'http://swf-sim.invalid',
    credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
    retryMode: 'standard',
    defaultsMode: 'legacy',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    ...options.clientConfig,
    maxAttempts,
    retryStrategy: new VirtualTimeRetryStrategy({ maxAttempts }),
    requestHandler: new ActorHttpHandler(port),
  });
}
