import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { renderKodeverkPage } from '../platform/http/page-cache.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import { latestMeeting } from '../meeting/meeting.service.ts';
import { canRunMeeting, loadQuestions } from '../meeting/questions.service.ts';
import { osloDate } from '../meeting/questions.rules.ts';
import { checklistPage, overviewPage } from './dashboard.views.ts';

export function dashboardRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const tenant = tenantOf(req);
    const today = osloDate(clock());
    // the day is part of the key: a question passes its deadline without anything in the kodeverk changing
    await renderKodeverkPage(
      req,
      res,
      'dashboard/index',
      async () => {
        const state = await kodeverkStateOf(db, tenant);
        return overviewPage(state, { ...tenant, userId: req.user!.id }, await loadQuestions(db, state, tenant.id, today));
      },
      today,
    );
  });
  // One printable page for the kodeverk meeting (print CSS hides navigation and forms).
  r.get('/sjekkliste', async (req, res) => {
    const tenant = tenantOf(req);
    const state = await kodeverkStateOf(db, tenant);
    const today = osloDate(clock());
    const [questions, meeting] = await Promise.all([loadQuestions(db, state, tenant.id, today), latestMeeting(db, tenant.id)]);
    res.render('dashboard/sjekkliste', checklistPage(state, tenant, questions, meeting, { printedAt: clock(), canEditNotes: canRunMeeting(actorOf(req)) }));
  });
  return r;
}
