import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  checkedIdempotencyKey,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyRefusal,
  MAX_CLIENT_KEY_LENGTH,
} from '../../lib/idempotency-key.js';

/**
 * The request's Idempotency-Key: the client's, checked, or a new UUID when it sent none, so every
 * write can be retried safely with the key the gateway reports back when its outcome is unknown.
 */
export function idempotencyKeyOf(req: IncomingMessage): string {
  const sent = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (sent === undefined) return randomUUID();
  if (Array.isArray(sent)) throw idempotencyKeyRefusal('must be sent once');
  return checkedIdempotencyKey(sent, MAX_CLIENT_KEY_LENGTH);
}
