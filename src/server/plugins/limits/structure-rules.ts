/**
 * Depth, alias and directive limits as GraphQL validation rules (graphql-armor's visitors). They
 * run during validation, so an oversized document is refused before any resolver runs, and only
 * once per distinct document (Apollo caches validated documents).
 */
import type { ASTVisitor, GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { QueryTooComplexError, type LimitName } from '../../../graphql/errors';

/** The structural limits (Config['limits'] subset). */
export interface StructureLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
}

/** Validation rules rejecting with QUERY_TOO_COMPLEX; pass them to Apollo's `validationRules`. */
export function structureRules(limits: StructureLimits): ValidationRule[] {
  return [
    // Fragments do not add depth: what costs is nesting of fields, however it is written.
    armorRule(maxDepthRule, 'maxDepth', { n: limits.maxDepth, flattenFragments: true }),
    armorRule(maxAliasesRule, 'maxAliases', { n: limits.maxAliases }),
    armorRule(maxDirectivesRule, 'maxDirectives', { n: limits.maxDirectives }),
  ];
}

type ArmorCallback = (context: ValidationContext | null, error: GraphQLError) => void;
type ArmorRuleFactory<O> = (
  options: O & { exposeLimits?: boolean; propagateOnRejection?: boolean; onReject?: ArmorCallback[] },
) => (context: ValidationContext) => unknown;

/**
 * Armor throws its error out of `validate` by default; instead report ours through the context so
 * it sits with the other validation errors. Armor's text already says "limit of N exceeded, found M".
 */
function armorRule<O>(factory: ArmorRuleFactory<O>, limit: LimitName, options: O): ValidationRule {
  const onReject: ArmorCallback = (context, error) => {
    context?.reportError(new QueryTooComplexError(error.message.replace(/^Syntax Error: /, ''), limit));
  };
  const rule = factory({ ...options, exposeLimits: true, propagateOnRejection: false, onReject: [onReject] });
  return (context) => rule(context) as ASTVisitor;
}
