import type { NextFunction, Request, Response } from 'express';
import { authenticateUser, type UserTokenOptions } from '../../lib/auth/user-token.js';

const COOKIE = 'hub_board_token';

/**
 * Only admins see the queue dashboard. A browser signs in once with `<base>/login?token=<admin
 * JWT>`; the token then rides in an HttpOnly, SameSite=Strict cookie, which browsers never send
 * with a cross-site request. Writes (retry, clean, …) must also come from the board's own origin.
 */
export function boardAuth(base: string, tokens: UserTokenOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path === '/login') {
      const token = typeof req.query.token === 'string' ? req.query.token : undefined;
      const actor = await authenticateUser(token ? `Bearer ${token}` : undefined, tokens).catch(() => null);
      if (!actor || actor.role !== 'admin') {
        res.status(401).type('text').send('an admin token is needed: open <board>/login?token=<admin token>');
        return;
      }
      res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: base, maxAge: 8 * 3600_000 });
      res.redirect(base);
      return;
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !sameOrigin(req)) {
      res.status(403).type('text').send('cross-site request refused');
      return;
    }
    const token = bearer(req) ?? cookie(req, COOKIE);
    const actor = await authenticateUser(token ? `Bearer ${token}` : undefined, tokens).catch(() => null);
    if (!actor) {
      res.status(401).type('text').send(`sign in first: ${base}/login?token=<admin token>`);
      return;
    }
    if (actor.role !== 'admin') {
      res.status(403).type('text').send('the queue dashboard is for admins');
      return;
    }
    next();
  };
}

function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Origin (or Referer) must name this very host; requests without either come from non-browsers. */
function sameOrigin(req: Request): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return true;
  try {
    return new URL(source).host === req.headers.host;
  } catch {
    return false;
  }
}
