import type { AuthChecker } from 'type-graphql';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import { scopeGrant, type Actor } from '../../../schema/contract/hub-credential.js';
import { serviceScopeOf } from './service-scope.js';

/**
 * `@Authorized(roles)`: the caller's role must be listed. Refuses with the hub's FORBIDDEN code
 * (type-graphql's own error would be masked as internal). Every subgraph schema passes it, since
 * type-graphql checks all `@Authorized` metadata of the process when building any schema.
 */
export const roleAuthChecker: AuthChecker<{ actor: Actor }> = ({ context }, roles) => {
  // A gateway service credential is what its scope grants (`scopeGrant`), never its stand-in role.
  const scope = serviceScopeOf(context);
  if (scope) {
    if (roles.includes(scopeGrant(scope))) return true;
    throw hubError(ErrorCode.FORBIDDEN, `a ${scope} credential may not do this (needs ${roles.join(' or ')})`);
  }
  if (roles.includes(context.actor.role)) return true;
  throw hubError(ErrorCode.FORBIDDEN, `role ${context.actor.role} may not do this (needs ${roles.join(' or ')})`);
};
