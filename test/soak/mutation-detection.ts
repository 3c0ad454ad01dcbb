/** The instrument mutations the soak knows, and which of them the running gateway has. */
import { log } from '../bench/log';
import type { GraphQLClient } from './graphql-client';

export const INSTRUMENT_MUTATIONS = [
  'registerPaymentInstrument',
  'removePaymentInstrument',
  'attachPaymentInstrument',
  'detachPaymentInstrument',
] as const;
export type InstrumentMutation = (typeof INSTRUMENT_MUTATIONS)[number];

/**
 * Which instrument mutations the running gateway has, without introspection (off in
 * production): a selection without the required `input` fails validation either way, and only
 * an unknown field says "Cannot query field".
 */
export async function detectMutations(gql: GraphQLClient): Promise<Set<InstrumentMutation>> {
  const present = new Set<InstrumentMutation>();
  for (const name of INSTRUMENT_MUTATIONS) {
    const outcome = await gql.send(`mutation SoakProbe { ${name} { __typename } }`, {}, 'SoakProbe');
    if (outcome.kind !== 'response') throw new Error(`probing ${name}: ${outcome.reason}`);
    const messages = (outcome.body.errors ?? []).map((e) => e.message);
    if (messages.some((m) => m.includes(`Cannot query field "${name}"`))) continue;
    if (messages.some((m) => m.includes(`"${name}"`))) present.add(name);
    else log(`soak: could not tell whether ${name} exists (${JSON.stringify(messages).slice(0, 200)}); leaving it out`);
  }
  return present;
}
