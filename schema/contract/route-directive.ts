import { DirectiveLocation, GraphQLDirective, GraphQLEnumType, GraphQLString } from 'graphql';

/**
 * `@route` tells the gateway how to send a root field of the prefecture contract to the shards.
 * Exactly one of:
 *  - `key: "<argument path>"`: the value at that path starts with the owning prefecture's code
 *    (a project id or a prefecture code); the field goes to that one shard.
 *  - `fanOut: <merge>`: the field goes to every shard (or only those listed at the `filter` path)
 *    and the answers are merged as declared.
 */
const RouteMerge = new GraphQLEnumType({
  name: 'RouteMerge',
  description: 'How the gateway merges the answers of a fanned-out root field.',
  values: {
    CONNECTION: { description: 'Keyset connections merged in global cursor order; totalCount added.' },
    SUM: { description: 'Every leaf added: Int and Money sums. Rates never appear in such a type.' },
  },
});

export const routeDirective = new GraphQLDirective({
  name: 'route',
  description:
    'Routing of a prefecture-contract root field across prefecture shards ' +
    '(docs/architecture.md, "Why one contract is sharded").',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    key: { type: GraphQLString, description: 'Argument path whose value starts with the prefecture code.' },
    fanOut: { type: RouteMerge, description: 'Merge of a field sent to many shards.' },
    filter: { type: GraphQLString, description: 'Argument path of a list of prefecture codes narrowing the fan-out.' },
  },
});
