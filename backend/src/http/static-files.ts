import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Middleware } from 'koa';

/** How long a file may be cached, by its path under the served folder. */
export type CacheControl = string | ((relative: string) => string);

/** Rollup's `[name]-[hash].js` chunks (and their maps): a new build gives changed content a new name. */
const HASHED_CHUNK = /-[\w-]{8}\.js(\.map)?$/;

/** Hashed chunks for a year, immutable; everything else (the entry above all) as `others` says. */
export function immutableIfHashed(others: string): (relative: string) => string {
  return (relative) => (HASHED_CHUNK.test(relative) ? 'public, max-age=31536000, immutable' : others);
}

/** Precompressed siblings the build writes (`x.js.br`, `x.js.gz`), in the order we prefer them. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
];

/**
 * Serves a folder under a URL prefix (GET/HEAD only). Paths are normalised and must stay inside
 * the folder; a directory serves its index.html. A file with precompressed siblings is sent in the
 * best encoding the client accepts, with `Vary: Accept-Encoding`. Source maps (which carry the
 * whole source) only when asked for.
 */
export function staticFiles(prefix: string, root: string, cacheControl: CacheControl, { sourceMaps }: { sourceMaps: boolean }): Middleware {
  const cacheFor = typeof cacheControl === 'string' ? () => cacheControl : cacheControl;
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

    const variants = [];
    for (const encoding of ENCODINGS) {
      const variant = await stat(file + encoding.suffix).catch(() => null);
      if (variant?.isFile()) variants.push({ ...encoding, size: variant.size });
    }
    let body = { path: file, size: info.size };
    if (variants.length > 0) {
      ctx.vary('Accept-Encoding');
      // Our order, not the header's: browsers list gzip first, yet brotli is smaller.
      const variant = variants.find((v) => ctx.acceptsEncodings(v.name) === v.name);
      if (variant) {
        ctx.set('Content-Encoding', variant.name);
        body = { path: file + variant.suffix, size: variant.size };
      }
    }
    ctx.status = 200;
    ctx.type = extname(file);
    ctx.length = body.size;
    ctx.lastModified = info.mtime;
    ctx.set('Cache-Control', cacheFor(relative));
    // HEAD: status and headers only (Koa sends no body for HEAD); no file is opened.
    if (ctx.method === 'GET') ctx.body = createReadStream(body.path);
    return undefined;
  };
}
