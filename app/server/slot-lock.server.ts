import type { ClaimRequest, ClaimResult, SlotLock } from "../../workers/slot-lock";
import type { ServerTiming } from "./server-timing.server";

// All claims go to one SlotLock instance: a studio books a few dozen slots a
// day, far below what one Durable Object serialises, and one instance sees
// every interval, so overlap checks need no cross-shard coordination.
const INSTANCE_NAME = "studio";

export type SlotLockClient = {
  claim(request: ClaimRequest): Promise<ClaimResult>;
  release(consultationId: string): Promise<void>;
};

export function slotLockClient(namespace: DurableObjectNamespace<SlotLock>, timing?: ServerTiming): SlotLockClient {
  const stub = () => namespace.get(namespace.idFromName(INSTANCE_NAME));
  const timed = <T>(work: Promise<T>): Promise<T> => (timing ? timing.time("lock", work) : work);
  return {
    claim: (request) => timed(Promise.resolve(stub().claim(request))),
    release: (consultationId) => timed(Promise.resolve(stub().release(consultationId))),
  };
}
