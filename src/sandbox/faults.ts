/**
 * Programmatic fault injection, shared by the control endpoint and RunningSandbox.faults. A
 * fault is armed for one operation (or all) and fires on authenticated calls, either a number of
 * times or until cleared. Faults are checked in the order they were added.
 */
import { OPERATIONS, type Operation } from './model';

export const FAULT_MODES = ['500', '429', 'hang', 'malformed', 'reset-connection', 'wrong-shape'] as const;

export type FaultMode = (typeof FAULT_MODES)[number];

/** What to arm. */
export interface FaultSpec {
  mode: FaultMode;
  /** An operation name or `*` (default) for every operation. */
  operation?: Operation | '*';
  /** How many calls it hits; omitted = until cleared. */
  count?: number;
  /** Retry-After seconds for mode 429 (default 1). */
  retryAfterSeconds?: number;
}

/** An armed fault as listed. */
export interface ActiveFault {
  id: number;
  mode: FaultMode;
  operation: Operation | '*';
  /** Calls it still hits; null = until cleared. */
  remaining: number | null;
  retryAfterSeconds: number;
}

export interface FaultController {
  /** Arms a fault; throws FaultSpecError when the spec is invalid. */
  add(spec: FaultSpec): ActiveFault;
  /** Disarms every fault. */
  clear(): void;
  /** The armed faults, in the order they are checked. */
  list(): ActiveFault[];
}

/** A fault spec that cannot be armed; the message names the bad field. */
export class FaultSpecError extends Error {}

/** The controller plus the hook the request pipeline uses. */
export interface FaultInjector extends FaultController {
  /** The fault that hits this call (consuming one count), if any. */
  take(operation: Operation): ActiveFault | undefined;
}

/** Creates an empty fault controller. */
export function createFaultInjector(): FaultInjector {
  let faults: ActiveFault[] = [];
  let nextId = 1;
  return {
    add(spec) {
      const fault = parseFaultSpec(spec, nextId);
      nextId++;
      faults.push(fault);
      return { ...fault };
    },
    clear() {
      faults = [];
    },
    list() {
      return faults.map((f) => ({ ...f }));
    },
    take(operation) {
      if (faults.length === 0) return undefined;
      const fault = faults.find((f) => f.operation === '*' || f.operation === operation);
      if (!fault) return undefined;
      if (fault.remaining !== null) {
        fault.remaining--;
        if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      }
      return fault;
    },
  };
}

/** Validates an untrusted spec (e.g. a control request body). */
export function parseFaultSpec(input: unknown, id: number): ActiveFault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultSpecError('fault spec must be a JSON object');
  const spec = input as Record<string, unknown>;
  const mode = spec.mode;
  if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
    throw new FaultSpecError(`mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  const operation = spec.operation ?? '*';
  if (typeof operation !== 'string' || (operation !== '*' && !(OPERATIONS as readonly string[]).includes(operation))) {
    throw new FaultSpecError(`operation must be "*" or one of ${OPERATIONS.join(', ')}`);
  }
  const count = spec.count ?? null;
  if (count !== null && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new FaultSpecError('count must be a positive integer (omit it to keep the fault until cleared)');
  }
  const retryAfterSeconds = spec.retryAfterSeconds ?? 1;
  if (typeof retryAfterSeconds !== 'number' || !Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0 || retryAfterSeconds > 86_400) {
    throw new FaultSpecError('retryAfterSeconds must be an integer between 0 and 86400');
  }
  return { id, mode: mode as FaultMode, operation: operation as Operation | '*', remaining: count, retryAfterSeconds };
}
