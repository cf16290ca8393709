import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Middleware } from 'koa';

/**
 * Serves a folder under a URL prefix (GET/HEAD only). Paths are normalised and must stay inside
 * the folder; a directory serves its index.html. Source maps (which carry the whole source) only
 * when asked for.
 */
export function staticFiles(prefix: string, root: string, cacheControl: string, { sourceMaps }: { sourceMaps: boolean }): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(prefix)) return next();
    if (!sourceMaps && ctx.path.endsWith('.map')) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice(prefix.length));
    } catch {
      return next();
    }
    if (relative.includes('\0')) return next();
    let file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return next();
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!ctx.path.endsWith('/')) return ctx.redirect(ctx.path + '/');
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return next();
    ctx.type = extname(file);
    ctx.length = info.size;
    ctx.lastModified = info.mtime;
    ctx.set('Cache-Control', cacheControl);
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
    return undefined;
  };
}
