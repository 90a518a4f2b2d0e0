import type { SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import type { SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { InProcessHttpHandler } from './InProcessHttpHandler.js';
import { newSwfClient } from './newSwfClient.js';

/**
 * A request handler that carries an `SWFClient`'s calls into the simulation instead of the
 * network: give it as `requestHandler` to a client you build yourself. Typed as the installed
 * SDK's own `requestHandler` setting, so it fits whichever SDK version the project uses.
 * @public
 */
export type SimulatedRequestHandler = NonNullable<SWFClientConfig['requestHandler']>;

/** Options for {@link createSdkClient}. @public */
export interface CreateSdkClientOptions {
  /** Region the client believes it talks to; default `us-east-1`. */
  region?: string;
  /** Extra SDK settings, applied over the defaults (the request handler cannot be replaced). */
  clientConfig?: Partial<SWFClientConfig>;
}

/** Host under the reserved `.invalid` TLD: should anything ever try the network, it cannot resolve. */
const SIMULATED_ENDPOINT = 'http://swf-sim.invalid';

/**
 * A real `SWFClient` from `@aws-sdk/client-swf` whose requests go to `endpoint` in-process, with
 * no network, no credentials lookup and no real timers.
 *
 * Defaults: region `us-east-1`; static dummy credentials; endpoint `http://swf-sim.invalid`;
 * `maxAttempts: 1`, because the simulator injects no transient errors unless a fault plan asks for
 * them (the deterministic runner will replace this with retries on virtual time, rather than the
 * SDK's wall-clock backoff). `defaultsMode`, `retryMode`, FIPS and dual-stack are pinned so that
 * `AWS_*` environment variables cannot change behaviour (e.g. `AWS_DEFAULTS_MODE=auto` would probe
 * EC2 instance metadata). Everything can be overridden via `clientConfig` except the request handler.
 * @public
 */
export function createSdkClient(endpoint: SwfEndpoint, options: CreateSdkClientOptions = {}): SWFClient {
  return newSwfClient({
    ...simulatedClientConfig(options),
    requestHandler: new InProcessHttpHandler(endpoint),
  });
}

/** The settings {@link createSdkClient} uses, without a request handler (benchmarks pair it with others). @internal */
export function simulatedClientConfig(options: CreateSdkClientOptions = {}): SWFClientConfig {
  return {
    region: options.region ?? 'us-east-1',
    endpoint: SIMULATED_ENDPOINT,
    credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
    maxAttempts: 1,
    retryMode: 'standard',
    defaultsMode: 'legacy',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    ...options.clientConfig,
  };
}
