import type { Agent } from './agentTypes';
import { boredomAgent } from './boredom';
import { dreamerAgent } from './dreamer';
import { ingestorAgent } from './ingestor';
import { organizerAgent } from './organizer';
import { reflectorAgent } from './reflector';
import { sleepAgent } from './sleep';

/** The six agents every engine and `mh` runs, in the order the agents view lists them. */
export function builtInAgents(): Agent[] {
  return [organizerAgent, reflectorAgent, dreamerAgent, boredomAgent, sleepAgent, ingestorAgent];
}
