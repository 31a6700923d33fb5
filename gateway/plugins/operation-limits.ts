import { ApolloArmor } from '@escape.tech/graphql-armor';

/** Limits every operation must stay within; each documented default is generous for dashboards. */
export interface OperationLimits {
  /** Deepest selection nesting. Default 12. */
  readonly maxDepth: number;
  /** Aliases per operation. Default 20. */
  readonly maxAliases: number;
  /** Directives per operation. Default 20. */
  readonly maxDirectives: number;
  /** Lexical tokens per document (also caps huge inline lists). Default 3000. */
  readonly maxTokens: number;
  /** Estimated cost (objects × depth factor). Default 20000. */
  readonly maxCost: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 20,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 20_000,
};

/**
 * graphql-armor's protections, configured: depth, aliases, directives and cost are
 * checked before any subgraph is called; field suggestions are not offered to strangers in
 * production (they leak the schema when introspection is off).
 */
export function operationLimits(limits: OperationLimits, production: boolean) {
  const armor = new ApolloArmor({
    // Introspection counts too: deeply nested introspection is a classic way to exhaust a server.
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are capped by graphql-js itself (`parseOptions`): armor's Apollo plugin for it throws
    // while parsing, which Apollo answers with a 500 for every malformed document.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    validationRules: armor.validationRules,
    plugins: armor.plugins,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
