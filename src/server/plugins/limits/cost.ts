/**
 * The cost limit: what an operation will cost upstream, computed before any resolver runs.
 *
 * Every upstream-backed root field has a price in IXOPAY calls, and list arguments (`refs`,
 * `representations`) multiply it, which only the variables reveal; hence a plugin at
 * `didResolveOperation` rather than a validation rule. Each alias counts: two aliased
 * `customerProfile` fields are two calls. On top, each selected field costs FIELD_COST per item it
 * is resolved for, so a huge selection over many items is refused too.
 */
import {
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { BadUserInputError, QueryTooComplexError } from '../../../graphql/errors';
import { upstreamCostOf } from '../../../graphql/upstream-cost';
import type { OperationCheck } from '../../../graphql/operation-check';

/** The cost ceiling and the caps of the list arguments a field is priced by (`refs`, `representations`). */
export interface CostLimitOptions {
  maxCost: number;
  /**
   * A shopper owns one profile: its operations may cause at most this many upstream calls, so a
   * shopper token cannot fan out hundreds of reads (or probe for foreign profile guids).
   */
  shopperMaxUpstreamCalls: number;
  /** Largest length of each per-item argument, by argument name. */
  listCaps: Readonly<Record<string, number>>;
}

/** Cost of resolving one selected field for one item: 100 fields cost as much as one upstream call. */
export const FIELD_COST = 0.01;

/**
 * The cost limit, refusing over-cost operations (QUERY_TOO_COMPLEX) and oversized lists
 * (BAD_USER_INPUT). Prices come from the schema (each root field's declared upstream cost); a
 * per-item price without a cap is a configuration error, refused here at start-up.
 */
export function costCheck(schema: GraphQLSchema, options: CostLimitOptions): OperationCheck {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const price = upstreamCostOf(field);
      if (price && 'perItemOf' in price && options.listCaps[price.perItemOf] === undefined) {
        throw new Error(`${root!.name}.${field.name} is priced per "${price.perItemOf}" item, which has no cap`);
      }
    }
  }
  return ({ document, operation, variables, context }) => {
    const rootType = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
    const roots = rootFieldsOf(document, operation);
    let upstreamCalls = 0;
    let cost = 0;
    for (const [field, { count, subfields }] of roots) {
      const price = priceOf(rootType, field.name.value);
      let items = 1;
      if (price && 'perItemOf' in price) {
        items = listLength(field, price.perItemOf, variables, operation);
        const cap = options.listCaps[price.perItemOf];
        if (items > cap) return tooManyItems(field.name.value, price.perItemOf, cap, items);
      }
      const calls = price === undefined ? 0 : 'calls' in price ? price.calls : items;
      upstreamCalls += count * calls;
      cost += count * (calls + FIELD_COST * (1 + subfields) * Math.max(items, 1));
    }
    if (context.principal.kind === 'shopper' && upstreamCalls > options.shopperMaxUpstreamCalls) {
      return new QueryTooComplexError(
        `Shopper tokens may cause at most ${options.shopperMaxUpstreamCalls} upstream calls per operation, found ${round(upstreamCalls)}.`,
        'maxShopperUpstreamCalls',
      );
    }
    if (cost > options.maxCost) {
      return new QueryTooComplexError(
        `Query cost limit of ${options.maxCost} exceeded, found ${round(cost)} (${round(upstreamCalls)} upstream calls).`,
        'maxCost',
      );
    }
    return undefined;
  };
}

/** `__typename` and unknown names (validation refuses those before this runs) cost nothing. */
function priceOf(rootType: GraphQLObjectType | null | undefined, name: string) {
  const field = rootType?.getFields()[name];
  return field ? upstreamCostOf(field) : undefined;
}

/** What `didResolveOperation` needs per root field node: occurrences and fields selected below it. */
interface RootField {
  count: number;
  subfields: number;
}

/** Structure depends only on the document; Apollo reuses parsed documents, so cache per operation. */
const analysed = new WeakMap<OperationDefinitionNode, Map<FieldNode, RootField>>();

/**
 * Root field nodes of the operation (through fragments), with how often each is reached and how
 * many fields its selection contains. Fragment results are memoised, so a document that nests
 * fragment spreads exponentially is measured in linear time (and simply comes out too expensive).
 */
function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): Map<FieldNode, RootField> {
  const cached = analysed.get(operation);
  if (cached) return cached;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const fieldCounts = new Map<string, number>();
  const countFields = (selectionSet: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) total += 1 + countFields(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += countFields(selection.selectionSet);
      else total += memo(fieldCounts, selection.name.value, 0, () => countFields(fragments.get(selection.name.value)?.selectionSet));
    }
    return total;
  };

  // Root fields reached through each fragment, with multiplicity.
  const fragmentRoots = new Map<string, Map<FieldNode, number>>();
  const collectRoots = (selectionSet: SelectionSetNode | undefined): Map<FieldNode, number> => {
    const found = new Map<FieldNode, number>();
    const add = (field: FieldNode, times: number) => found.set(field, (found.get(field) ?? 0) + times);
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) add(selection, 1);
      else {
        const nested =
          selection.kind === Kind.INLINE_FRAGMENT
            ? collectRoots(selection.selectionSet)
            : memo(fragmentRoots, selection.name.value, new Map<FieldNode, number>(), () =>
                collectRoots(fragments.get(selection.name.value)?.selectionSet),
              );
        for (const [field, times] of nested) add(field, times);
      }
    }
    return found;
  };

  const roots = new Map<FieldNode, RootField>();
  for (const [field, count] of collectRoots(operation.selectionSet)) {
    roots.set(field, { count, subfields: countFields(field.selectionSet) });
  }
  analysed.set(operation, roots);
  return roots;
}

/** Memoised computation; `placeholder` answers re-entry, which only a fragment cycle could cause. */
function memo<V>(cache: Map<string, V>, key: string, placeholder: V, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  cache.set(key, placeholder);
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Items in a list argument, from the literal or the variables (a single value is a list of one). */
function listLength(field: FieldNode, argument: string, variables: Record<string, unknown> | undefined, operation: OperationDefinitionNode): number {
  const value = field.arguments?.find((arg) => arg.name.value === argument)?.value;
  return value === undefined ? 0 : literalLength(value, variables, operation);
}

function literalLength(value: ValueNode, variables: Record<string, unknown> | undefined, operation: OperationDefinitionNode): number {
  switch (value.kind) {
    case Kind.LIST:
      return value.values.length;
    case Kind.NULL:
      return 0;
    case Kind.VARIABLE: {
      const name = value.name.value;
      if (variables && Object.prototype.hasOwnProperty.call(variables, name)) {
        const given = variables[name];
        return Array.isArray(given) ? given.length : given == null ? 0 : 1;
      }
      const fallback = operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
      return fallback ? literalLength(fallback, undefined, operation) : 0;
    }
    default:
      return 1;
  }
}

function tooManyItems(fieldName: string, argument: string, cap: number, items: number): GraphQLError {
  return new BadUserInputError(argument, `${fieldName} accepts at most ${cap} ${argument}, got ${items}`, undefined, 400);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
