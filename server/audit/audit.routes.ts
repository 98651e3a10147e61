import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { queryOr } from '../platform/http/forms.ts';
import { auditFacets, listAudit } from './audit.repository.ts';
import { entityTypes, logEntry } from './audit.views.ts';

const PAGE = 50;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const query = z.object({
  for: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  hvem: z.preprocess(blankToUndefined, z.string().max(300).optional()),
  type: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  fra: z.preprocess(blankToUndefined, day.optional()),
  til: z.preprocess(blankToUndefined, day.optional()),
});

export function auditRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/logg', async (req, res) => {
    const q = queryOr(query, req.query, {});
    const t = tenantOf(req);
    const facets = await auditFacets(db, t.id);
    const types = entityTypes(facets.entities);
    const entities = q.type ? (types.find((x) => x.label === q.type)?.entities ?? [q.type]) : undefined;
    const rows = await listAudit(db, t.id, { limit: PAGE + 1, beforeId: q.for, userLabel: q.hvem, entities, fromDay: q.fra, toDay: q.til });
    const entries = rows.slice(0, PAGE).map(logEntry);
    const last = entries[entries.length - 1];
    const filter = { hvem: q.hvem ?? '', type: q.type ?? '', fra: q.fra ?? '', til: q.til ?? '' };
    const more = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
    if (rows.length > PAGE && last) more.set('for', String(last.id));
    res.render('audit/log', {
      title: 'Endringslogg',
      entries,
      filter,
      filtered: Object.values(filter).some((v) => v !== ''),
      people: facets.people.map((p) => ({ value: p, selected: p === q.hvem })),
      types: types.map((x) => ({ value: x.label, selected: x.label === q.type })),
      nextQuery: rows.length > PAGE && last ? more.toString() : null,
    });
  });
  return r;
}
