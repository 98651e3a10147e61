import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { tenantOf } from '../platform/http/context.ts';
import { parseParams } from '../platform/http/forms.ts';
import { listAudit } from './audit.repository.ts';

const PAGE = 50;
const query = z.object({ for: z.string().regex(/^\d+$/).optional() });

export function auditRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/logg', async (req, res) => {
    const q = parseParams(query, req.query) ?? {};
    const rows = await listAudit(db, tenantOf(req).id, { limit: PAGE + 1, beforeId: q.for });
    const entries = rows.slice(0, PAGE).map((e) => ({
      ...e,
      before: e.before == null ? null : JSON.stringify(e.before, null, 1),
      after: e.after == null ? null : JSON.stringify(e.after, null, 1),
    }));
    const last = entries[entries.length - 1];
    res.render('audit/log', { title: 'Endringslogg', entries, nextId: rows.length > PAGE && last ? last.id : null });
  });
  return r;
}
