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
  return clientIdempotencyKey(req) ?? randomUUID();
}

/**
 * The Idempotency-Key the client sent, checked; undefined when it sent none. Sent twice, it is
 * refused: Node joins repeated headers into one "a, b" value, which would pass for a third key.
 */
export function clientIdempotencyKey(req: IncomingMessage): string | undefined {
  const sent = req.headersDistinct[IDEMPOTENCY_KEY_HEADER];
  if (sent === undefined) return undefined;
  if (sent.length > 1) throw idempotencyKeyRefusal('must be sent once', '只能发送一次');
  return checkedIdempotencyKey(sent[0], MAX_CLIENT_KEY_LENGTH);
}
