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
 * Browsers ask for gzip; the bytes of a page as sent to one session, compressed too, are kept as well, so a page
 * viewed again costs neither a render nor a compression (the Kontering page shrinks about twenty-fold).
 */
const PLACEHOLDER = `csrf-${crypto.randomBytes(16).toString('hex')}`;

interface CachedPage {
  /** the page's bytes split where the CSRF token goes */
  parts: Buffer[];
  /** identifies the rendered bytes */
  hash: string;
}
/** A kept page with one session's token in it, as sent. */
interface SessionPage {
  body: Buffer;
  gzip?: Promise<Buffer>;
  etag: string;
}
// pages are tens to a few hundred KB; these bound the memory to a few tens of MB
const pages = lruCache<CachedPage>(64);
const sessionPages = lruCache<SessionPage>(128);
const gzip = promisify(zlib.gzip);

/** extraKey: what else the page depends on, outside the kodeverk (the Oversikt marks questions past their deadline: the day). */
export async function renderKodeverkPage(req: Request, res: Response, view: string, build: () => Promise<object> | object, extraKey = ''): Promise<void> {
  const flashes = res.locals.flash as unknown[] | undefined;
  if (flashes?.length || !req.app.enabled('page cache')) return res.render(view, await build());
  const tenant = tenantOf(req);
  const actor = actorOf(req);
  const token = String(res.locals.csrfToken);
  const key = JSON.stringify([view, req.originalUrl, tenant.id, tenant.revision, tenant.roles, actor.userId, actor.label, extraKey]);
  const sessionKey = `${key}\n${token}`;
  let sent = sessionPages.get(sessionKey);
  if (!sent) {
    let page = pages.get(key);
    if (!page) {
      const data = await build();
      const html = await new Promise<string>((resolve, reject) => {
        req.app.render(view, { ...res.locals, ...data, csrfToken: PLACEHOLDER }, (err: Error | null, out?: string) => (err ? reject(err) : resolve(out ?? '')));
      });
      page = { parts: html.split(PLACEHOLDER).map((p) => Buffer.from(p)), hash: crypto.createHash('sha256').update(html).digest('base64url').slice(0, 22) };
      pages.set(key, page);
    }
    // the ETag covers the page and the token, so Express need not hash the whole page on every response
    sent = { body: withToken(page, token), etag: `W/"${page.hash}-${crypto.createHash('sha256').update(token).digest('base64url').slice(0, 10)}"` };
    sessionPages.set(sessionKey, sent);
  }
  res.set('ETag', sent.etag);
  res.vary('Accept-Encoding');
  res.type('html');
  if (req.acceptsEncodings('gzip', 'identity') !== 'gzip') return void res.send(sent.body);
  const entry = sent;
  if (!entry.gzip) {
    entry.gzip = gzip(entry.body);
    // a failed compression is tried again next time
    entry.gzip.catch(() => (entry.gzip = undefined));
  }
  const body = await entry.gzip;
  res.set('Content-Encoding', 'gzip');
  res.send(body);
}

function withToken(page: CachedPage, token: string): Buffer {
  const t = Buffer.from(token);
  const chunks: Buffer[] = [];
  page.parts.forEach((p, i) => {
    if (i === 0) chunks.push(p);
    else chunks.push(t, p);
  });
  return Buffer.concat(chunks);
}
