import type { AuthChecker } from 'type-graphql';
import { ErrorCode, hubError } from '../../lib/errors.js';
import type { Actor } from '../../schema/contract/actor.js';

/**
 * `@Authorized(roles)`: the caller's role must be listed. Refuses with the hub's FORBIDDEN code
 * (type-graphql's own error would be masked as internal). Every subgraph schema passes it, since
 * type-graphql checks all `@Authorized` metadata of the process when building any schema.
 */
export const roleAuthChecker: AuthChecker<{ actor: Actor }> = ({ context }, roles) => {
  if (roles.includes(context.actor.role)) return true;
  throw hubError(ErrorCode.FORBIDDEN, `role ${context.actor.role} may not do this (needs ${roles.join(' or ')})`);
};
