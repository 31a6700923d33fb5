import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  OperationTypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { storedTextProblem, textProblem } from '../text-rules.js';

/** One bad argument value: where it is (`projects.filter.signedFrom`) and what is wrong. */
export interface ArgumentProblem {
  readonly field: string;
  readonly message: string;
}

export interface ArgumentCheckOptions {
  /** Custom scalar name → why a value is not one of it (null when it is). */
  readonly scalars: Readonly<Record<string, (value: unknown) => string | null>>;
}

/**
 * Finds the first argument value of `operation` (in any field at any depth, fragments included)
 * that the hub refuses: text (String, ID) with control characters or lone surrogates, text of a
 * mutation that shows nothing, or a custom scalar its rule refuses. Values are read after variable
 * coercion, so literals and variables are checked alike. Arguments GraphQL itself cannot coerce
 * are left to execution, which reports them as usual.
 */
export function findArgumentProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
  options: ArgumentCheckOptions,
): ArgumentProblem | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  // Stored text (names, reasons, notes) arrives through mutations; a filter of spaces is harmless.
  // An empty text is left to each input's own rules (some clear a value with it, most refuse it).
  const textRule =
    operation.operation === OperationTypeNode.MUTATION
      ? (text: string) => (text ? storedTextProblem(text) : null)
      : textProblem;
  const fragments = fragmentsOf(document);
  const typeInfo = new TypeInfo(schema);
  let problem: ArgumentProblem | null = null;
  const check = (node: OperationDefinitionNode | DocumentNode['definitions'][number]) =>
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          if (problem) return false;
          const definition = typeInfo.getFieldDef();
          if (!definition) return undefined;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(definition, field, coerced.coerced);
          } catch {
            return undefined;
          }
          for (const argument of definition.args) {
            if (!(argument.name in args)) continue;
            problem = checkValue(
              argument.type,
              args[argument.name],
              `${field.name.value}.${argument.name}`,
              textRule,
              options,
            );
            if (problem) return false;
          }
          return undefined;
        },
      }),
    );
  check(operation);
  for (const fragment of fragments) if (!problem) check(fragment);
  return problem;
}

function checkValue(
  type: GraphQLInputType,
  value: unknown,
  path: string,
  textRule: (text: string) => string | null,
  options: ArgumentCheckOptions,
): ArgumentProblem | null {
  if (value === null || value === undefined) return null;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const problem = checkValue(inner.ofType, item, `${path}.${index}`, textRule, options);
      if (problem) return problem;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return null;
    const fields = inner.getFields();
    for (const [name, fieldValue] of Object.entries(value)) {
      const field = fields[name];
      const problem = field ? checkValue(field.type, fieldValue, `${path}.${name}`, textRule, options) : null;
      if (problem) return problem;
    }
    return null;
  }
  const named = getNamedType(inner);
  if (!isScalarType(named)) return null;
  const rule = options.scalars[named.name];
  const message = rule
    ? rule(value)
    : (named.name === 'String' || named.name === 'ID') && typeof value === 'string'
      ? textRule(value)
      : null;
  return message ? { field: path, message } : null;
}

/** The fragment definitions of a document (the operation's spreads are visited through them). */
function fragmentsOf(document: DocumentNode) {
  return document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
}
