import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { tenantOf } from '../platform/http/context.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import { buildChecklist, dashboardPage } from './dashboard.service.ts';

export function dashboardRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const tenant = tenantOf(req);
    res.render('dashboard/index', { title: tenant.navn, ...(await dashboardPage(db, tenant)) });
  });
  // One printable page for the kodeverk meeting (print CSS hides navigation and forms).
  r.get('/sjekkliste', async (req, res) => {
    const tenant = tenantOf(req);
    const [checklist, kommuner] = await Promise.all([buildChecklist(db, tenant), listKommuner(db, tenant.id)]);
    res.render('dashboard/sjekkliste', { title: `Sjekkliste – ${tenant.navn}`, checklist, kommuner, printedAt: clock() });
  });
  return r;
}
