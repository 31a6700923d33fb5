import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue, type ConnectionOptions } from 'bullmq';
import express from 'express';
import type { UserTokenOptions } from '../../lib/auth/user-token.js';
import { METRICS_QUEUES } from '../../lib/jobs/metrics-jobs.js';
import { gracefulClose } from '../../lib/http/graceful-close.js';
import { boardAuth } from './board-auth.js';

export interface QueueBoard {
  readonly url: string;
  /** Stops serving (see lib/http/graceful-close.ts) and closes its queues. */
  close(drainMs?: number): Promise<void>;
}

/** bull-board over the metric queues at `/admin/queues`, admins only (see board-auth.ts). */
export async function startQueueBoard(options: {
  connection: ConnectionOptions;
  prefix: string;
  tokens: UserTokenOptions;
  port: number;
  host: string;
}): Promise<QueueBoard> {
  const base = '/admin/queues';
  const queues = Object.values(METRICS_QUEUES).map(
    (name) => new Queue(name, { connection: options.connection, prefix: options.prefix }),
  );
  const adapter = new ExpressAdapter();
  adapter.setBasePath(base);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
  const app = express();
  app.disable('x-powered-by');
  // Bull Board types its router as `any`; it is an Express router.
  const boardRouter = adapter.getRouter() as express.Router;
  app.use(base, boardAuth(base, options.tokens), boardRouter);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, options.host, () => resolve(listening)).once('error', reject);
  });
  // Tracked from the moment it listens: no request can come earlier.
  const closeHttp = gracefulClose(server);
  return {
    url: `http://${options.host}:${(server.address() as AddressInfo).port}${base}`,
    async close(drainMs) {
      await closeHttp(drainMs);
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}
