import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the dashboard's static files are (no build step): beside this file. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url));

/**
 * The dashboard's files at `/`, `index.html` for `/`. Open: the page holds no data, it asks
 * the API with the token a person types in. A path under `/api` never reaches these files:
 * the API routes are more specific than the wildcard.
 */
export async function serveDashboard(app: FastifyInstance, root: string): Promise<void> {
  await app.register(async (files) => {
    files.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'open' };
    });
    await files.register(fastifyStatic, { root, prefix: '/', index: 'index.html' });
  });
}
