/**
 * Fields of CustomerProfile that an update's answer lacks. For a full profile they read the
 * source; for an updated one they load the profile once (all three share one loader key, so at
 * most one re-fetch per profile per operation) — and not at all when none of them is selected.
 *
 * Plain GraphQL resolvers, attached to the type-graphql schema by `attachProfileFieldResolvers`,
 * not `@FieldResolver`s: type-graphql copies the parent object into a new class instance on every
 * field resolver call (three copies per profile, three hundred for a 100-profile batch), and
 * these need nothing type-graphql adds (no arguments, no middleware).
 */
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type * as ixopay from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { isPartial, type ProfileSource } from './profile-source';

type ProfileField<T> = GraphQLFieldResolver<ProfileSource, GraphQLContext, Record<string, never>, MaybePromise<T>>;
type MaybePromise<T> = T | Promise<T>;

// What each field reads from the full profile: module-level functions, so a call allocates no
// closure (a 100-profile batch calls each of them 100 times).
const preferredMethodOf = (full: ixopay.CustomerProfile | null): string | null => full?.preferredMethod ?? null;
const instrumentsOf = (full: ixopay.CustomerProfile | null): ixopay.PaymentInstrument[] => full?.paymentInstruments ?? [];
const preferredInstrumentOf = (full: ixopay.CustomerProfile | null): ixopay.PaymentInstrument | null => {
  for (const instrument of full?.paymentInstruments ?? []) if (instrument.isPreferred) return instrument;
  return null;
};

// Synchronous for a full profile (every read): a promise per field per profile made the executor
// build promise chains for each of up to 100 profiles in a batch, measurably (GC, microtasks).
const preferredMethod: ProfileField<string | null> = (profile, _, context) => withFull(profile, context, preferredMethodOf);

const paymentInstruments: ProfileField<ixopay.PaymentInstrument[]> = (profile, _, context) => withFull(profile, context, instrumentsOf);

const preferredInstrument: ProfileField<ixopay.PaymentInstrument | null> = (profile, _, context) => withFull(profile, context, preferredInstrumentOf);

/** The resolvers above, by field name. */
const PROFILE_FIELD_RESOLVERS = { preferredMethod, paymentInstruments, preferredInstrument } as const;

/** Sets the resolvers on `CustomerProfile` in a schema built by type-graphql (whose fields are plain @Fields). */
export function attachProfileFieldResolvers(schema: GraphQLSchema): void {
  const type = schema.getType('CustomerProfile');
  if (!isObjectType(type)) throw new Error('schema has no CustomerProfile object type');
  const fields = type.getFields();
  for (const [name, resolve] of Object.entries(PROFILE_FIELD_RESOLVERS)) {
    const field = fields[name];
    if (!field) throw new Error(`CustomerProfile has no field ${name}`);
    field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}

/**
 * Applies `pick` to the full profile behind `source`: directly for a read, after loading it once
 * for an updated (partial) profile. That one was access-checked before the update; a null
 * re-fetch means it vanished meanwhile (then there are no instruments to show).
 */
function withFull<T>(source: ProfileSource, context: GraphQLContext, pick: (full: ixopay.CustomerProfile | null) => T): MaybePromise<T> {
  if (!isPartial(source)) return pick(source);
  return context.loaders.load({ profileGuid: source.profileGuid }).then(pick);
}
