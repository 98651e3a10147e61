import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { parseForm } from '../platform/http/forms.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import { previewSchema } from './posting.schemas.ts';
import { previewChoices } from './posting.service.ts';
import { previewPage } from './posting.views.ts';

/** The posting preview: a GET form (it writes nothing), so every role may use it. Mounted under /t/:slug. */
export function postingRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/innstillinger/forhandsvisning', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    // the page's state, shared per revision (kodeverk/kodeverk.state.ts): the preview reads nothing else
    const state = await kodeverkStateOf(db, tenantOf(req));
    if (query.item === undefined) return res.render('posting/preview', previewPage(state, { tiltakstype: 'i_hjemmet' }));
    const form = parseForm(previewSchema(previewChoices(state).choices), query);
    if (!form.ok) return res.status(400).render('posting/preview', previewPage(state, form.values, { errors: form.errors }));
    res.render('posting/preview', previewPage(state, query, { input: form.data }));
  });
  return r;
}
