import type { ClaimRequest, ClaimResult, SlotLock } from "../../workers/slot-lock";

// All claims go to one SlotLock instance: a studio books a few dozen slots a
// day, far below what one Durable Object serialises, and one instance sees
// every interval, so overlap checks need no cross-shard coordination.
const INSTANCE_NAME = "studio";

export type SlotLockClient = {
  claim(request: ClaimRequest): Promise<ClaimResult>;
  confirm(consultationId: string): Promise<boolean>;
  release(consultationId: string): Promise<void>;
};

export function slotLockClient(namespace: DurableObjectNamespace<SlotLock>): SlotLockClient {
  const stub = () => namespace.get(namespace.idFromName(INSTANCE_NAME));
  return {
    claim: (request) => stub().claim(request),
    confirm: (consultationId) => stub().confirm(consultationId),
    release: (consultationId) => stub().release(consultationId),
  };
}
