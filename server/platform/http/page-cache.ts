import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Application, Request, Response } from 'express';
import { sharedCache, type SharedCache } from '../cache.ts';
import { actorOf, tenantOf } from './context.ts';

/**
 * Whole rendered pages under /t/:slug whose content comes only from the tjeneste's kodeverk (tables the revision
 * triggers cover), the URL and who is looking. The key holds all of those, the revision and the session's CSRF token
 * included, so a kept page is exactly what rendering again would give: any committed change gives a new revision and a
 * new render. A request carrying flash messages is rendered normally and not kept (the messages belong to that one
 * response).
 *
 * Why it exists: it is what meets the HTTP targets (bench/http.bench.ts: each page ≥ 25 % of a hello-world route's
 * req/s, p99 < 100 ms). Without it every view renders and compresses the page again: the Kontering page of the bench's
 * 5,000-art kontoplan (631 KB of HTML, 14 KB compressed) then costs ~59 ms of server CPU instead of ~1 ms, and its
 * throughput fell from 0.16–0.30 of the baseline to 0.01 (with a rendered page kept but compressed per view: 11 ms,
 * 0.05). Pages are kept compressed, as browsers take them; a client without gzip gets them unpacked.
 *
 * A render shared by every session of one user (the token put in on the way out) was measured too and dropped: once
 * each session has its page it is never used, and the bench's figures were the same without it.
 *
 * One cache per app: an app has one database, so a tjeneste id and revision in a key cannot be another database's.
 * Budget: the bench's 20 sessions × 3 pages take about 0.4 MB; 16 MB holds the Kontering page of a large kontoplan
 * for about a thousand sessions.
 */
interface KeptPage {
  gzip: Buffer;
  etag: string;
}
const keptPages = new WeakMap<Application, SharedCache<KeptPage>>();
function pagesOf(app: Application): SharedCache<KeptPage> {
  let pages = keptPages.get(app);
  if (!pages) {
    pages = sharedCache<KeptPage>({ maxBytes: 16 * 1024 * 1024, bytesOf: (p) => p.gzip.byteLength + p.etag.length });
    keptPages.set(app, pages);
  }
  return pages;
}
const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/** extraKey: what else the page depends on, outside the kodeverk (the Oversikt marks questions past their deadline: the day). */
export async function renderKodeverkPage(req: Request, res: Response, view: string, build: () => Promise<object> | object, extraKey = ''): Promise<void> {
  const flashes = res.locals.flash as unknown[] | undefined;
  if (flashes?.length || !req.app.enabled('page cache')) return res.render(view, await build());
  const pages = pagesOf(req.app);
  const tenant = tenantOf(req);
  const actor = actorOf(req);
  const key = JSON.stringify([view, req.originalUrl, tenant.id, tenant.revision, tenant.roles, actor.userId, actor.label, extraKey, String(res.locals.csrfToken)]);
  let page = pages.get(key);
  if (!page) {
    const data = await build();
    const html = await new Promise<string>((resolve, reject) => {
      req.app.render(view, { ...res.locals, ...data }, (err: Error | null, out?: string) => (err ? reject(err) : resolve(out ?? '')));
    });
    // the ETag is made here, so Express need not hash the whole page on every response; a failed compression fails
    // this request only (nothing is kept)
    page = pages.set(key, { gzip: await gzip(html), etag: `W/"${crypto.createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` });
  }
  res.set('ETag', page.etag);
  res.vary('Accept-Encoding');
  res.type('html');
  if (req.acceptsEncodings('gzip', 'identity') !== 'gzip') return void res.send(await gunzip(page.gzip));
  res.set('Content-Encoding', 'gzip');
  res.send(page.gzip);
}
