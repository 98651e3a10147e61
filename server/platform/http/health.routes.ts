import { Router } from 'express';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.ts';

/** For load balancers: 200 when the database answers, 503 when it does not. No session, no HTML. */
export function healthRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/helse', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database_unavailable' });
    }
  });
  return r;
}
