import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { tenantOf } from '../platform/http/context.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import { buildChecklist } from './dashboard.service.ts';

export function dashboardRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const tenant = tenantOf(req);
    const [checklist, kommuner] = await Promise.all([buildChecklist(db, tenant), listKommuner(db, tenant.id)]);
    res.render('dashboard/index', { title: tenant.navn, checklist, kommuner });
  });
  return r;
}
