/**
 * Input paths for the errors graphql-js raises before our resolvers run, so that every invalid
 * input is reported like our own validation: code BAD_USER_INPUT and `field` = the input path
 * (`input.customerData.birthDate`, `refs[1].profileGuid`).
 *
 * graphql-js knows these paths while it checks but does not keep them on the error: literals are
 * checked by document validation (ValuesOfCorrectTypeRule, located on the value node), variables
 * by coercion (located on the variable definition). `recordInputPaths` recovers them structurally,
 * once per failed request: one walk over the document for literal errors, one coercion of each
 * failing variable, in the order graphql-js reports them. Never a re-parse, never message text.
 */
import {
  coerceInputValue,
  getNullableType,
  isInputObjectType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** What the recording reads from a failed request. */
export interface FailedRequest {
  schema: GraphQLSchema;
  document?: DocumentNode;
  variables?: Record<string, unknown>;
}

const recorded = new WeakMap<GraphQLError, string>();

/**
 * The input path recorded for `error`, if it is about an input: '' for bad input at no one path
 * (graphql-js's "too many errors processing variables").
 */
export function inputPathOf(error: GraphQLError): string | undefined {
  return recorded.get(error);
}

/** Records the input path of each error about a literal value or a variable's value. */
export function recordInputPaths(errors: readonly GraphQLError[], request: FailedRequest): void {
  let literals: LiteralPaths | undefined;
  const variableQueues = new Map<VariableDefinitionNode, string[]>();
  // graphql-js stops coercing variables after 50 errors and adds one error without a location to
  // say so; among variable errors, that one is bad input too.
  const variablesFailed = errors.some((error) => error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION);
  for (const error of errors) {
    const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
    if (!node) {
      if (variablesFailed && !error.nodes?.length && !error.path) recorded.set(error, '');
      continue;
    }
    if (node.kind === Kind.VARIABLE_DEFINITION) {
      let queue = variableQueues.get(node);
      if (!queue) variableQueues.set(node, (queue = variablePaths(node, request)));
      recorded.set(error, queue.shift() ?? node.variable.name.value);
    } else if (VALUE_KINDS.has(node.kind) && request.document) {
      literals ??= literalPaths(request.document, request.schema);
      const path = literals.paths.get(node);
      if (path === undefined) continue;
      // A missing required field is reported on the object that lacks it, one error per field.
      const missing = literals.missing.get(node)?.shift();
      recorded.set(error, missing === undefined ? path : `${path}.${missing}`);
    }
  }
}

// Validation errors located on one of these nodes come from ValuesOfCorrectTypeRule; every other
// validation error points at selections, arguments, variables or names.
const VALUE_KINDS = new Set<string>([
  Kind.STRING,
  Kind.INT,
  Kind.FLOAT,
  Kind.BOOLEAN,
  Kind.ENUM,
  Kind.NULL,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

interface LiteralPaths {
  paths: Map<ASTNode, string>;
  /** Required input fields absent from an object literal, in the order graphql-js reports them. */
  missing: Map<ASTNode, string[]>;
}

/** Paths of every literal argument value in the document, from the argument name down. */
function literalPaths(document: DocumentNode, schema: GraphQLSchema): LiteralPaths {
  const paths = new Map<ASTNode, string>();
  const missing = new Map<ASTNode, string[]>();
  const assign = (value: ValueNode, path: string): void => {
    paths.set(value, path);
    if (value.kind === Kind.LIST) value.values.forEach((item, index) => assign(item, `${path}[${index}]`));
    else if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        // An unknown field is reported on the field itself, a bad value on the value.
        paths.set(field, `${path}.${field.name.value}`);
        assign(field.value, `${path}.${field.name.value}`);
      }
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        assign(node.value, node.name.value);
      },
      ObjectValue(node) {
        const type = getNullableType(typeInfo.getInputType());
        if (!isInputObjectType(type)) return;
        const given = new Set(node.fields.map((field) => field.name.value));
        const absent = Object.values(type.getFields())
          .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined && !given.has(field.name))
          .map((field) => field.name);
        if (absent.length > 0) missing.set(node, absent);
      },
    }),
  );
  return { paths, missing };
}

/** The paths of a variable's coercion errors, in graphql-js's order. */
function variablePaths(definition: VariableDefinitionNode, request: FailedRequest): string[] {
  const name = definition.variable.name.value;
  const type = typeFromAST(request.schema, definition.type);
  if (!type) return [];
  const value = request.variables?.[name];
  const found: string[] = [];
  if (value === undefined || value === null) return found;
  coerceInputValue(value, type as Parameters<typeof coerceInputValue>[1], (path) => {
    found.push(name + path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join(''));
  });
  return found;
}
