/**
 * The files a user names on the command line: history files, JSON files (fault plans, traces,
 * result files) and the ES modules `run`, `fuzz` and `replay` import (scenarios, deciders). Every
 * problem names the file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import {
  HistoryFileError,
  loadHistoryFile,
  type LoadedHistory,
} from '../adapters/formats/loadHistoryFile.js';
import type { ClientDecider, DecideFunction, Decider } from '../adapters/testing/replay/replayHistory.js';
import type { ScenarioModule } from '../adapters/testing/harness/runScenario.js';
import { UsageError, type CliIo } from './command.js';

/** Reads and parses a JSON file; `what` names it in the error ("fault plan"). @internal */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads a history file; one that cannot be read as a history is reported as `ERROR <path>:
 * [<verdict>: ]<why>` on stderr and comes back `undefined`, so a batch carries on with the other
 * files.
 * @internal
 */
export async function readHistoryFile(
  path: string,
  io: CliIo,
  verdict?: string,
): Promise<LoadedHistory | undefined> {
  try {
    return await loadHistoryFile(path);
  } catch (error) {
    if (!(error instanceof HistoryFileError)) throw error;
    io.err(`ERROR ${error.path}: ${verdict === undefined ? '' : `${verdict}: `}${error.detail}\n`);
    return undefined;
  }
}

/**
 * Imports a user's module by path (relative to the working directory): JavaScript natively,
 * TypeScript through tsx's loader (scoped to this import, so `NODE_OPTIONS` needs nothing).
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  try {
    if (/\.[cm]?tsx?$/.test(path)) return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNKNOWN_FILE_EXTENSION')
      throw new UsageError(`cannot load ${path}: ${(error as Error).message}`);
    throw error;
  }
}

/** The module's own exports, or its default export object when none of `names` is exported. */
function exportsOf(loaded: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const named = names.some((name) => loaded[name] !== undefined);
  return (
    !named && typeof loaded.default === 'object' && loaded.default !== null ? loaded.default : loaded
  ) as Record<string, unknown>;
}

/** Imports a scenario module (docs/runner.md) and checks its exports. @internal */
export async function loadScenario(path: string): Promise<ScenarioModule> {
  const module = exportsOf(await importModule(path), ['actors']);
  const problems: string[] = [];
  const actors = module.actors;
  if (typeof actors !== 'object' || actors === null || Object.keys(actors).length === 0) {
    problems.push('it must export `actors`: an object of actor name → async (client, ctx) => void');
  } else {
    for (const [name, actor] of Object.entries(actors)) {
      if (typeof actor !== 'function')
        problems.push(`actors.${name} must be a function (client, ctx) => Promise<void>`);
    }
  }
  if (module.register !== undefined && typeof module.register !== 'function') {
    problems.push('`register` must be a function (client) => Promise<void>');
  }
  if (
    module.executions !== undefined &&
    !Array.isArray(module.executions) &&
    typeof module.executions !== 'function'
  ) {
    problems.push(
      '`executions` must be an array of StartWorkflowExecution inputs, or a function of the parameters returning one',
    );
  }
  if (
    module.parameters !== undefined &&
    (typeof module.parameters !== 'object' || module.parameters === null)
  ) {
    problems.push('`parameters` must be an object of parameter name → default value');
  }
  if (module.createClient !== undefined && typeof module.createClient !== 'function') {
    problems.push('`createClient` must be a function (requestHandler, actor) => SWFClient');
  }
  if (module.virtualTimers !== undefined && typeof module.virtualTimers !== 'boolean') {
    problems.push('`virtualTimers` must be true or false');
  }
  if (module.expected !== undefined && (typeof module.expected !== 'object' || module.expected === null)) {
    problems.push('`expected` must be an object such as { closeStatus: "COMPLETED" }');
  }
  if (problems.length > 0) {
    throw new UsageError(`${path} is not a scenario module:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return module as unknown as ScenarioModule;
}

/**
 * Imports a decider module (docs/replay.md): named exports `decider` (a function of an SWFClient)
 * or `decide` (a function of a decision task, with optional `domain` and `identity` exports), or
 * a default export object holding them.
 * @internal
 */
export async function loadDecider(path: string): Promise<Decider> {
  const module = exportsOf(await importModule(path), ['decider', 'decide']);
  if (typeof module.decider === 'function') return module.decider as ClientDecider;
  if (typeof module.decide === 'function') {
    return {
      decide: module.decide as DecideFunction,
      ...(typeof module.domain === 'string' && { domain: module.domain }),
      ...(typeof module.identity === 'string' && { identity: module.identity }),
    };
  }
  throw new UsageError(
    `${path} is not a decider module: export \`decider(client: SWFClient)\` (your polling code) or \`decide(task: DecisionTask): Decision[]\` (docs/replay.md)`,
  );
}
