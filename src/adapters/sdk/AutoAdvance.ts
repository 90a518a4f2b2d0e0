import type { CallContext, SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import type { SwfService } from '../../sim/service/SwfService.js';

/** How many idle event-loop turns prove that nobody is about to call (the SDK hops a few). */
const IDLE_TURNS = 4;
/** Real, whatever a simulation with virtual timers fakes later. */
const realSetImmediate = globalThis.setImmediate;

/** Options of {@link AutoAdvance}. @internal */
export interface AutoAdvanceOptions {
  /** Whether someone waits on virtual time besides the outstanding calls (virtual timers). */
  readonly waiting?: () => boolean;
  /** Called after each jump of the clock. */
  readonly onAdvance?: () => void;
}

/**
 * Wraps the service so that virtual time skips ahead by itself, as a test expects: when every call
 * still outstanding is a parked long poll and no new call has come in for a few event-loop turns,
 * the clock jumps to the next due timer (a poll expiry, a timeout, a timer). Nothing moves while
 * no call (and, with virtual timers, no timer of the test's) is waiting, so a test that stops
 * calling stops the clock.
 *
 * This is the convenience mode for plain clients; the deterministic runner (actors) decides when
 * to advance time exactly instead of watching the event loop.
 * @internal
 */
export class AutoAdvance implements SwfEndpoint {
  private outstanding = 0;
  private epoch = 0;
  private watching = false;
  enabled = true;

  constructor(
    private readonly service: SwfService,
    private readonly options: AutoAdvanceOptions = {},
  ) {}

  /** Starts watching for quiet turns, e.g. because a test armed a virtual timer. */
  poke(): void {
    this.watch();
  }

  dispatch(operation: string, input: unknown, context?: CallContext): Promise<unknown> {
    this.outstanding++;
    this.epoch++;
    const settle = (): void => {
      this.outstanding--;
      this.epoch++;
    };
    const reply = this.service.dispatch(operation, input, context);
    reply.then(settle, settle);
    this.watch();
    return reply;
  }

  private watch(): void {
    if (this.watching || !this.enabled) return;
    this.watching = true;
    let seen = this.epoch;
    let quietTurns = 0;
    const turn = (): void => {
      if (this.epoch !== seen) {
        seen = this.epoch;
        quietTurns = 0;
      } else if (++quietTurns >= IDLE_TURNS) {
        if ((this.outstanding === 0 && this.options.waiting?.() !== true) || !this.enabled) {
          this.watching = false;
          return;
        }
        this.service.clock.advanceToNextTimer();
        this.options.onAdvance?.();
        seen = this.epoch;
        quietTurns = 0;
      }
      realSetImmediate(turn);
    };
    realSetImmediate(turn);
  }
}
