/**
 * The one shape of every `swf-sim` subcommand: its exit codes, its usage error, where it writes,
 * and {@link defineCommand}, which parses the arguments, answers `--help` and turns usage errors
 * into exit code 2, so each subcommand file only says what it does.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Exit codes of every `swf-sim` command, by failure class (the README's table). A command exits
 * with the worst class it met: usage before failure, failure before liveness.
 * @internal
 */
export const EXIT = {
  /** Everything asked for was done and nothing was found wrong. */
  ok: 0,
  /**
   * A safety failure (an invariant broken, a decider or history that diverges, an actor error, an
   * unmet expectation), or the command could not do its job (a port in use, an internal error).
   */
  failure: 1,
  /** Bad usage or unreadable input: arguments, modules, history, plan, trace or result files. */
  usage: 2,
  /** A liveness failure only: a workflow did not close (stuck, or out of its budget). */
  liveness: 3,
  /** `run --replay-trace`: the run diverged from the recorded trace. */
  traceDiverged: 4,
} as const;

/** One of {@link EXIT}'s codes. @internal */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Anything the user must fix in the invocation: printed as `swf-sim <command>: <message>` without
 * a stack (followed by the command's usage when `showUsage`), exit code 2.
 * @internal
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where a command writes: the process streams by default, a buffer in tests. @internal */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (progress bars redraw in place there). */
  readonly errIsTerminal?: boolean;
  /**
   * For a command that runs until stopped (`serve`): resolves, with a reason, when it should shut
   * down. Without it the command stops on SIGINT or SIGTERM.
   */
  readonly stopped?: Promise<string>;
}

/** The process's own stdout and stderr. @internal */
export const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTerminal: process.stderr.isTTY,
};

type Options = NonNullable<ParseArgsConfig['options']>;

/** A subcommand's parsed arguments (`values` and `positionals`). @internal */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>;

/** An error class whose instances mean bad input (exit 2), printed as one line. @internal */
export type InputErrorClass = abstract new (...args: never[]) => Error;

/** What a subcommand file declares; {@link defineCommand} makes it runnable. @internal */
export interface CommandSpec<O extends Options> {
  /** The word after `swf-sim`. */
  readonly name: string;
  /** Printed for `--help`, and after an argument the parser or the command rejects. */
  readonly usage: string;
  /** The command's options for `node:util` `parseArgs` (`-h/--help` is added). */
  readonly options: O;
  /** Error classes besides {@link UsageError} that mean the user's input is bad (exit 2). */
  readonly inputErrors?: readonly InputErrorClass[];
  /** Does the work; throws {@link UsageError} for anything the user must fix. */
  execute(args: ParsedArgs<O>, io: CliIo): Promise<ExitCode>;
}

/** A runnable subcommand: its arguments (after the command's name) to its exit code. @internal */
export type Command = (args: string[], io?: CliIo) => Promise<ExitCode>;

/**
 * Makes a subcommand runnable: parses its arguments, prints the usage for `-h/--help` (exit 0),
 * and reports usage errors and bad input as one line (exit 2). Other errors propagate: they are
 * bugs, printed with a stack by `main`.
 * @internal
 */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command {
  const usageFailure = (io: CliIo, message: string, showUsage: boolean): ExitCode => {
    io.err(`swf-sim ${spec.name}: ${message}\n${showUsage ? `\n${spec.usage}` : ''}`);
    return EXIT.usage;
  };
  return async (args, io = PROCESS_IO) => {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      return usageFailure(io, (error as Error).message, true);
    }
    if ((parsed.values as { help?: boolean }).help === true) {
      io.out(spec.usage);
      return EXIT.ok;
    }
    try {
      return await spec.execute(parsed, io);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure(io, error.message, error.showUsage);
      if (spec.inputErrors?.some((kind) => error instanceof kind) === true) {
        return usageFailure(io, (error as Error).message, false);
      }
      throw error;
    }
  };
}
