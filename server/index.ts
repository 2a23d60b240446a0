import type { Server } from 'node:http';
import type { KnowledgeBase } from '../core/index.js';
import { createApp, type AppOptions } from './app.js';

export { createApp, type AppOptions } from './app.js';
export { openApiDocument } from './openapi.js';

/** Listen on `host:port`; resolves once the socket is bound (port 0 picks a free one). */
export function startServer(kb: KnowledgeBase, options: AppOptions & { port: number; host: string }): Promise<Server> {
  const app = createApp(kb, options);
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port, options.host, () => resolvePromise(server));
    server.once('error', reject);
  });
}
