/** The soak's faults: a seeded random mix armed at the sandbox for each upstream operation the gateway sends. */
import type { InstrumentMutation } from './mutation-detection';
import type { Options } from './options';
import type { SandboxControl, UpstreamOperation } from './sandbox-control';

/** Faults on the operations the gateway sends; the instrument calls only when the gateway sends them. */
export async function armFaults(control: SandboxControl, options: Options, mutations: ReadonlySet<InstrumentMutation>): Promise<void> {
  const faulted: UpstreamOperation[] = ['getProfile', 'updateProfile', 'deleteProfile'];
  if (mutations.has('registerPaymentInstrument')) faulted.push('register');
  if (mutations.has('removePaymentInstrument')) faulted.push('deregister');
  if (mutations.has('attachPaymentInstrument')) faulted.push('attachPaymentInstrument');
  if (mutations.has('detachPaymentInstrument')) faulted.push('detachPaymentInstrument');
  if (options.faultRate > 0 && options.modes.length > 0) {
    for (const [i, operation] of faulted.entries()) {
      // The lost-answer modes exist for writes only (the sandbox refuses them on getProfile).
      const modes = operation === 'getProfile' ? options.modes.filter((m) => !m.startsWith('applied-then-')) : options.modes;
      if (modes.length === 0) continue;
      await control.armRandomFault({
        operation,
        probability: options.faultRate,
        modes,
        seed: (options.seed + i) >>> 0,
        retryAfterSeconds: options.retryAfterSeconds,
      });
    }
  }
}
