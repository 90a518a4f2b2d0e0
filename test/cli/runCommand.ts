import type { CliIo, Command } from '../../src/cli/command.js';

/** What a command wrote and its exit code. */
export interface CommandOutput {
  code: number;
  out: string;
  err: string;
}

/** Runs a subcommand in-process with `args`, capturing what it writes. */
export async function runCommand(command: Command, ...args: string[]): Promise<CommandOutput> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text) };
  const code = await command(args, io);
  return { code, out, err };
}
