import { openApiDocument } from '../openapi/document';
import { createRouter } from './types';

export function openApiRoutes() {
  const router = createRouter();
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument;
  });
  return router;
}
