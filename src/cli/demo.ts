import { parseArgs } from 'node:util';
import {
  DOMAIN,
  registerHelloWorld,
  runHelloWorld,
  startHelloWorkflow,
} from '../../fixtures/examples/helloWorld.js';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import { createSimulation } from '../adapters/testing/harness/createSimulation.js';

/**
 * `swf-sim demo [--seed S]`: the boto tutorial's HelloWorld, decider and worker as plain SDK code,
 * on the simulator. Prints the greeting, then the history.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string', default: 'demo' } } });
  const sim = createSimulation({ seed: values.seed });
  const swf = sim.client();
  await registerHelloWorld(swf);
  const workflowId = 'HelloWorkflow-1.0-demo';
  const runId = await startHelloWorkflow(swf, workflowId);
  await runHelloWorld(sim.client(), sim.client(), (line) => process.stdout.write(`${line}\n`));
  const history = sim.history(DOMAIN, workflowId, runId);
  sim.close();
  process.stdout.write(`\nHistory of ${workflowId} (runId ${runId}), ${history.length} events:\n`);
  process.stdout.write(`${formatHistoryTable(history)}\n`);
  return 0;
}
