/**
 * Programmatic fault injection, shared by the control endpoint and RunningSandbox.faults. A
 * fault is armed for one operation (or all) and fires on authenticated calls, either a number of
 * times or until cleared. Faults are checked in the order they were added; the first that fires
 * wins.
 *
 * A fixed fault (`mode`) fires on every call it matches. A random fault (`probability` + `modes`)
 * fires on each matching call with that probability and then picks one of its modes uniformly
 * (list a mode twice to double its weight); with the same `seed` and the same sequence of calls it
 * makes the same choices, so a failing chaos run can be replayed.
 *
 * The applied-then-* modes lose the answer of a write that was applied; they only ever fire on
 * write operations.
 */
import { randomInt } from 'node:crypto';
import { isWriteOperation, OPERATIONS, type Operation } from './model';

export const FAULT_MODES = ['500', '429', 'hang', 'malformed', 'reset-connection', 'wrong-shape', 'applied-then-reset', 'applied-then-502'] as const;

export type FaultMode = (typeof FAULT_MODES)[number];

/** Modes that let the operation run (and change the store) and then swallow its answer. */
export const LOST_ANSWER_MODES: readonly FaultMode[] = ['applied-then-reset', 'applied-then-502'];

/** What to arm: a fixed `mode`, or a random mix (`probability` + `modes`). */
export type FaultSpec = FaultTarget & ({ mode: FaultMode } | { probability: number; modes: FaultMode[]; seed?: number });

interface FaultTarget {
  /** An operation name or `*` (default) for every operation. */
  operation?: Operation | '*';
  /** How many faults it injects; omitted = until cleared. */
  count?: number;
  /** Retry-After seconds for mode 429 (default 1). */
  retryAfterSeconds?: number;
}

/** An armed fault as listed; random faults have mode `random` and list their mix and seed. */
export interface ActiveFault {
  id: number;
  mode: FaultMode | 'random';
  operation: Operation | '*';
  /** Faults it still injects; null = until cleared. */
  remaining: number | null;
  retryAfterSeconds: number;
  probability?: number;
  modes?: FaultMode[];
  seed?: number;
}

/** The fault one call gets. */
export interface InjectedFault {
  mode: FaultMode;
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
  take(operation: Operation): InjectedFault | undefined;
}

interface ArmedFault extends ActiveFault {
  /** Present for random faults: the next number in [0, 1). */
  next?: () => number;
}

/** Creates an empty fault controller. */
export function createFaultInjector(): FaultInjector {
  let faults: ArmedFault[] = [];
  let nextId = 1;
  return {
    add(spec) {
      const fault = parseFaultSpec(spec, nextId);
      nextId++;
      faults.push(fault.seed === undefined ? fault : { ...fault, next: mulberry32(fault.seed) });
      return listed(fault);
    },
    clear() {
      faults = [];
    },
    list() {
      return faults.map(listed);
    },
    take(operation) {
      for (const fault of faults) {
        const mode = fire(fault, operation);
        if (mode === undefined) continue;
        if (fault.remaining !== null && --fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
        return { mode, retryAfterSeconds: fault.retryAfterSeconds };
      }
      return undefined;
    },
  };
}

/** A detached copy for callers (without the PRNG). */
function listed({ next: _next, ...fault }: ArmedFault): ActiveFault {
  return fault.modes ? { ...fault, modes: [...fault.modes] } : { ...fault };
}

/** The mode `fault` injects into this call, if it fires. */
function fire(fault: ArmedFault, operation: Operation): FaultMode | undefined {
  if (fault.operation !== '*' && fault.operation !== operation) return undefined;
  const applicable = (mode: FaultMode): boolean => isWriteOperation(operation) || !LOST_ANSWER_MODES.includes(mode);
  if (fault.mode !== 'random') return applicable(fault.mode) ? fault.mode : undefined;
  const modes = fault.modes!.filter(applicable);
  // No draw for calls the mix cannot hit, so reads do not shift a write-only mix's sequence.
  if (modes.length === 0) return undefined;
  const next = fault.next!;
  if (next() >= fault.probability!) return undefined;
  return modes[Math.floor(next() * modes.length)];
}

/** Validates an untrusted spec (e.g. a control request body). */
export function parseFaultSpec(input: unknown, id: number): ActiveFault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultSpecError('fault spec must be a JSON object');
  const spec = input as Record<string, unknown>;
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
  const base = { id, operation: operation as Operation | '*', remaining: count, retryAfterSeconds };
  const random = spec.probability !== undefined || spec.modes !== undefined || spec.seed !== undefined;
  if (random === (spec.mode !== undefined)) throw new FaultSpecError('send either mode, or probability with modes (and optionally seed)');
  const writeOnly = (mode: FaultMode): void => {
    if (LOST_ANSWER_MODES.includes(mode) && operation !== '*' && !isWriteOperation(operation as Operation)) {
      throw new FaultSpecError(`mode ${mode} loses the answer of a write: operation must be "*" or a write operation`);
    }
  };
  if (!random) {
    const mode = readMode(spec.mode, 'mode');
    writeOnly(mode);
    return { ...base, mode };
  }
  const probability = spec.probability;
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1))
    throw new FaultSpecError('probability must be a number above 0 and at most 1');
  if (!Array.isArray(spec.modes) || spec.modes.length === 0 || spec.modes.length > 100)
    throw new FaultSpecError('modes must be a non-empty array of fault modes');
  const modes = spec.modes.map((m, i) => readMode(m, `modes[${i}]`));
  modes.forEach(writeOnly);
  const seed = spec.seed ?? randomInt(0, 2 ** 32);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new FaultSpecError('seed must be an integer between 0 and 4294967295');
  return { ...base, mode: 'random', probability, modes, seed };
}

function readMode(value: unknown, field: string): FaultMode {
  if (typeof value !== 'string' || !(FAULT_MODES as readonly string[]).includes(value)) {
    throw new FaultSpecError(`${field} must be one of ${FAULT_MODES.join(', ')}`);
  }
  return value as FaultMode;
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
