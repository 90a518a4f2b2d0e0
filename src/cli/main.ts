#!/usr/bin/env node
/**
 * The `swf-sim` command: one file per subcommand, each exporting `run` made by `defineCommand`
 * (./command.ts), loaded on demand so `swf-sim demo` does not load fast-check.
 */
import { EXIT, type Command } from './command.js';

// The pinned SDK works on Node 20; its notice about future releases is noise for this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`swf-sim demo | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** The subcommands: a one-line summary for the usage, and the module to load. */
const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  demo: {
    summary: "run the boto tutorial's HelloWorld and print its history",
    load: () => import('./demo.js'),
  },
  run: { summary: 'run a scenario module once under a seed (and faults)', load: () => import('./run.js') },
  fuzz: { summary: 'run a scenario module under many seeded fault plans', load: () => import('./fuzz.js') },
  check: { summary: 'check a history file against the SWF invariants', load: () => import('./check.js') },
  replay: { summary: 'replay recorded histories through a decider', load: () => import('./replay.js') },
  reenact: { summary: 're-enact recorded histories and diff them', load: () => import('./reenact.js') },
  timeline: { summary: 'draw runs as one self-contained HTML page', load: () => import('./timeline.js') },
  serve: {
    summary: 'serve SWF over HTTP on 127.0.0.1 with a virtual clock',
    load: () => import('./serve.js'),
  },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`);
  return `usage: swf-sim <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const subcommand = SUBCOMMANDS[name];
  if (subcommand === undefined) {
    process.stderr.write(`swf-sim: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  return (await subcommand.load()).run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `swf-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.failure;
  },
);
