import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import express, { type RequestHandler } from 'express';
import session, { MemoryStore, type SessionData } from 'express-session';
import { saveSessionBeforeRedirect } from '../../server/platform/http/session.ts';

/** A store as slow to save as a busy database, that notes when each save is done. */
class SlowStore extends MemoryStore {
  savedAt: number[] = [];
  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    setTimeout(() => {
      super.set(sid, sess, (err?: unknown) => {
        this.savedAt.push(performance.now());
        cb?.(err);
      });
    }, 100);
  }
}

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

async function start(extra: RequestHandler[]) {
  const store = new SlowStore();
  const app = express();
  app.use(session({ secret: 'test-secret-test-secret', store, resave: false, saveUninitialized: false }));
  for (const m of extra) app.use(m);
  app.post('/logg-inn', (req, res) => {
    req.session.userId = 7;
    res.redirect(303, '/');
  });
  app.get('/annet', (_req, res) => res.redirect(303, '/'));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return { store, port: (server.address() as AddressInfo).port };
}

/** When the response's headers arrive: all a browser needs to follow a redirect. */
function headersAt(port: number, method: string, path: string): Promise<{ at: number; status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method, path, host: '127.0.0.1' }, (res) => {
      resolve({ at: performance.now(), status: res.statusCode ?? 0 });
      res.resume();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('saving the session before a redirect', () => {
  it('when a request changes the session and redirects, then the redirect goes out only after the session is saved', async () => {
    const { store, port } = await start([saveSessionBeforeRedirect]);
    const got = await headersAt(port, 'POST', '/logg-inn');
    expect(got.status).toBe(303);
    expect(store.savedAt).toHaveLength(1);
    expect(got.at).toBeGreaterThanOrEqual(store.savedAt[0]!);
  });

  it('when nothing in the session changed, then the redirect is not held up and nothing is saved', async () => {
    const { store, port } = await start([saveSessionBeforeRedirect]);
    const got = await headersAt(port, 'GET', '/annet');
    expect(got.status).toBe(303);
    expect(store.savedAt).toHaveLength(0);
  });

  it('(why) without it, express-session sends the redirect before the save is done', async () => {
    const { store, port } = await start([]);
    const got = await headersAt(port, 'POST', '/logg-inn');
    await new Promise((r) => setTimeout(r, 150));
    expect(store.savedAt).toHaveLength(1);
    expect(got.at).toBeLessThan(store.savedAt[0]!);
  });
});
