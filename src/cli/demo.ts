/**
 * `swf-sim demo [--seed S]`: the boto tutorial's HelloWorld, decider and worker as plain SDK code,
 * on the simulator. Prints the greeting, then the history.
 */
import {
  DOMAIN,
  registerHelloWorld,
  runHelloWorld,
  startHelloWorkflow,
} from '../../fixtures/examples/helloWorld.js';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import { createSimulation } from '../adapters/testing/harness/createSimulation.js';
import { defineCommand, EXIT, UsageError } from './command.js';

const USAGE = `usage: swf-sim demo [--seed S]

Runs the boto tutorial's HelloWorld (decider and activity worker written against the SDK) on the
simulator, then prints the execution's history.

  --seed S   seed of run ids (default demo)

exit status: 0 ok, 2 bad usage
`;

/** `swf-sim demo`. @internal */
export const run = defineCommand({
  name: 'demo',
  usage: USAGE,
  options: { seed: { type: 'string', default: 'demo' } },
  async execute({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, true);
    const sim = createSimulation({ seed: values.seed });
    const swf = sim.client();
    await registerHelloWorld(swf);
    const workflowId = 'HelloWorkflow-1.0-demo';
    const runId = await startHelloWorkflow(swf, workflowId);
    await runHelloWorld(sim.client(), sim.client(), (line) => io.out(`${line}\n`));
    const history = sim.history(DOMAIN, workflowId, runId);
    sim.close();
    io.out(`\nHistory of ${workflowId} (runId ${runId}), ${history.length} events:\n`);
    io.out(`${formatHistoryTable(history)}\n`);
    return EXIT.ok;
  },
});
