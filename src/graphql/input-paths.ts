/**
 * Input paths for errors graphql-js raises before our resolvers run, so that every invalid input
 * is reported like our own validation: code BAD_USER_INPUT and `field` = the input path.
 *
 * - Variable coercion errors name the path in their message (`... at "input.customerData.gender"`).
 * - Literal values are checked by document validation (ValuesOfCorrectTypeRule), whose messages
 *   name only the type; the path is recovered from the error's AST node.
 */
import { BREAK, GraphQLError, Kind, parse, visit, type ASTNode } from 'graphql';

/** `Variable "$input" got invalid value ... at "input.customerData.birthDate"; ...` → the path. */
export function fieldOfCoercionError(message: string): string | undefined {
  const at = /\bat "([^"]+)"/.exec(message);
  if (at) return at[1];
  return /^Variable "\$([^"]+)"/.exec(message)?.[1];
}

// Document validation errors located on a literal value (or an input field of one) come from
// ValuesOfCorrectTypeRule: the value has the wrong type, or an input object lacks/has a field.
// Every other validation error points at selections, arguments, variables or names.
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

/** True when a validation error is about a literal input value (not a malformed document). */
export function isLiteralValueError(error: GraphQLError): boolean {
  const kind = error.nodes?.[0]?.kind;
  return kind !== undefined && VALUE_KINDS.has(kind);
}

/**
 * The argument path of the literal an error points at, e.g. `input.customerData.birthDate` or
 * `refs[1].profileGuid`; undefined when it cannot be told (e.g. a variable default value).
 */
export function fieldOfLiteralError(error: GraphQLError): string | undefined {
  const target = error.nodes?.[0];
  const location = target?.loc;
  if (!target || !location) return undefined;
  let document;
  try {
    document = parse(location.source);
  } catch {
    return undefined;
  }
  let keys: ReadonlyArray<string | number> | undefined;
  visit(document, {
    enter(node, _key, _parent, path) {
      if (node.kind === target.kind && node.loc?.start === location.start && node.loc.end === location.end) {
        keys = [...path];
        return BREAK;
      }
      return undefined;
    },
  });
  if (!keys) return undefined;
  const parts = pathNames(document, keys);
  // A missing required input field is reported on the object that lacks it.
  const missing = /^Field "[^".]+\.([^"]+)" of required type/.exec(error.message)?.[1];
  if (missing) parts.push(missing);
  return parts.length > 0 ? parts.join('.').replace(/\.\[/g, '[') : undefined;
}

/** Argument and input-field names (and list indexes) along an AST key path. */
function pathNames(root: ASTNode, keys: ReadonlyArray<string | number>): string[] {
  const parts: string[] = [];
  let current: unknown = root;
  let owner: ASTNode = root;
  for (const key of keys) {
    current = (current as Record<string | number, unknown>)[key];
    if (current === null || typeof current !== 'object' || Array.isArray(current)) continue;
    const node = current as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) {
      parts.push(node.name.value);
    } else if (owner.kind === Kind.LIST && typeof key === 'number') {
      parts.push(`[${key}]`);
    }
    owner = node;
  }
  return parts;
}
