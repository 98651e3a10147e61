import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import { lruCache } from '../lru.ts';
import { actorOf, tenantOf } from './context.ts';

/**
 * Whole rendered pages under /t/:slug whose content comes only from the tjeneste's kodeverk (tables the revision
 * triggers cover), the URL and who is looking. The key holds all of those, the revision included, so a cached page
 * is exactly what rendering again would give: any committed change gives a new revision and a new render.
 *
 * The CSRF token differs per session, so pages are rendered with a placeholder and the session's token is put in on
 * the way out; one render then serves every session of the same user. A request carrying flash messages is rendered
 * normally and not kept (the messages belong to that one response).
 *
 * Browsers ask for gzip; the compressed bytes of a page for one session are kept too, so a page viewed again costs
 * neither a render nor a compression (the Kontering page shrinks about tenfold).
 */
const PLACEHOLDER = `csrf-${crypto.randomBytes(16).toString('hex')}`;

interface CachedPage {
  /** the page's bytes split where the CSRF token goes */
  parts: Buffer[];
  /** identifies the rendered bytes; the ETag adds the token, so Express need not hash the whole page per response */
  hash: string;
}
// pages are tens to a few hundred KB; this bounds the memory to a few tens of MB
const pages = lruCache<CachedPage>(64);
// compressed pages are a tenth of the size; one per page and session
const compressed = lruCache<Promise<Buffer>>(256);
const gzip = promisify(zlib.gzip);

export async function renderKodeverkPage(req: Request, res: Response, view: string, build: () => Promise<object> | object): Promise<void> {
  const flashes = res.locals.flash as unknown[] | undefined;
  if (flashes?.length || !req.app.enabled('page cache')) return res.render(view, await build());
  const tenant = tenantOf(req);
  const actor = actorOf(req);
  const key = JSON.stringify([view, req.originalUrl, tenant.id, tenant.revision, tenant.roles, actor.userId, actor.label]);
  let page = pages.get(key);
  if (!page) {
    const data = await build();
    const html = await new Promise<string>((resolve, reject) => {
      req.app.render(view, { ...res.locals, ...data, csrfToken: PLACEHOLDER }, (err: Error | null, out?: string) => (err ? reject(err) : resolve(out ?? '')));
    });
    page = { parts: html.split(PLACEHOLDER).map((p) => Buffer.from(p)), hash: crypto.createHash('sha256').update(html).digest('base64url').slice(0, 22) };
    pages.set(key, page);
  }
  const token = String(res.locals.csrfToken);
  res.set('ETag', `W/"${page.hash}-${crypto.createHash('sha256').update(token).digest('base64url').slice(0, 10)}"`);
  res.vary('Accept-Encoding');
  res.type('html');
  if (req.acceptsEncodings('gzip', 'identity') !== 'gzip') return void res.send(withToken(page, token));
  const gzKey = `${key}\n${token}`;
  let gz = compressed.get(gzKey);
  if (!gz) {
    const made = gzip(withToken(page, token));
    gz = made;
    compressed.set(gzKey, made);
    made.catch(() => compressed.get(gzKey) === made && compressed.delete(gzKey));
  }
  const body = await gz;
  res.set('Content-Encoding', 'gzip');
  res.send(body);
}

function withToken(page: CachedPage, token: string): Buffer {
  const t = Buffer.from(token);
  const chunks: Buffer[] = [];
  page.parts.forEach((p, i) => (i === 0 ? chunks.push(p) : chunks.push(t, p)));
  return Buffer.concat(chunks);
}
