import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { tenantOf } from '../platform/http/context.ts';
import { renderKodeverkPage } from '../platform/http/page-cache.ts';
import { kodeverkStateOf } from '../review/review.state.ts';
import { buildChecklist, dashboardPage } from './dashboard.service.ts';

export function dashboardRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const tenant = tenantOf(req);
    await renderKodeverkPage(req, res, 'dashboard/index', async () => ({ title: tenant.navn, ...dashboardPage(await kodeverkStateOf(db, tenant), tenant) }));
  });
  // One printable page for the kodeverk meeting (print CSS hides navigation and forms).
  r.get('/sjekkliste', async (req, res) => {
    const tenant = tenantOf(req);
    const state = await kodeverkStateOf(db, tenant);
    res.render('dashboard/sjekkliste', { title: `Sjekkliste – ${tenant.navn}`, checklist: buildChecklist(state, tenant), kommuner: state.kommuner, printedAt: clock() });
  });
  return r;
}
