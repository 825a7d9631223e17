import { createUpstreamsApp } from '../../connectors/samples/app';
import { createFaultState, type Fault, type FaultState } from '../../connectors/samples/faults';
import { readSampleFromDisk } from '../../gateway/runtime/node/samples';
import { serveOnFreePort, type Served } from './serve';

export interface TestUpstreams extends Served {
  state: FaultState;
  /** Requests received since the last reset, by economy. */
  requests(): Record<string, number>;
  total(): number;
  fault(economy: string, fault: Fault | undefined): void;
  reset(): void;
}

/** The national sample servers over real HTTP, with fault injection and request counts. */
export async function startUpstreams(latencyMs = 0): Promise<TestUpstreams> {
  const state = createFaultState(latencyMs);
  const served = await serveOnFreePort(createUpstreamsApp(readSampleFromDisk, { faults: state }).fetch);
  return {
    ...served,
    state,
    requests: () => Object.fromEntries(state.requests),
    total: () => [...state.requests.values()].reduce((a, b) => a + b, 0),
    fault: (economy, fault) => (fault ? state.faults.set(economy, fault) : state.faults.delete(economy)),
    reset: () => (state.requests.clear(), state.faults.clear()),
  };
}
