import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: the process streams by default, a buffer in tests. @internal */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own stdout and stderr. @internal */
export const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a subcommand's arguments (positionals allowed, `-h/--help` added). Returns the exit code
 * instead when the command is already answered: 0 after printing the usage for `--help`, 2 after
 * printing the parse error and the usage.
 * @internal
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  usage: string,
  args: string[],
  options: O,
  io: CliIo,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`swf-sim ${command}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    io.out(usage);
    return 0;
  }
  return parsed;
}
