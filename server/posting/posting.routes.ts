import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { parseForm, type FieldErrors } from '../platform/http/forms.ts';
import { kodeverkStateOf, type KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { previewSchema } from './posting.schemas.ts';
import * as service from './posting.service.ts';

/** The posting preview: a GET form (it writes nothing), so every role may use it. Mounted under /t/:slug. */
export function postingRoutes({ db }: AppDeps): Router {
  const r = Router();
  const page = (state: KodeverkState, values: Record<string, unknown>, extra: { errors?: FieldErrors; result?: ReturnType<typeof service.previewPosting> } = {}) => {
    const c = service.previewChoices(state);
    const sel = (v: string) => String(values.item ?? '') === v;
    return {
      title: 'Forhåndsvis postering',
      values,
      lonnsarter: c.lonnsarter.map((o) => ({ ...o, selected: sel(o.code) })),
      kategorier: c.kategorier.map((o) => ({ ...o, selected: sel(o.code) })),
      kommuner: c.kommuner.map((k) => ({ ...k, selected: String(values.kommune ?? '') === k.kommunenummer })),
      noItems: c.lonnsarter.length + c.kategorier.length === 0 && c.notInUse.length < 2,
      notInUse: c.notInUse,
      ...extra,
    };
  };

  r.get('/innstillinger/forhandsvisning', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    // the page's state, shared per revision (kodeverk/kodeverk.state.ts): the preview reads nothing else
    const state = await kodeverkStateOf(db, tenantOf(req));
    if (query.item === undefined) return res.render('posting/preview', page(state, { tiltakstype: 'i_hjemmet' }));
    const { choices } = service.previewChoices(state);
    const form = parseForm(previewSchema(choices), query);
    if (!form.ok) return res.status(400).render('posting/preview', page(state, form.values, { errors: form.errors }));
    const result = service.previewPosting(state, form.data);
    res.render('posting/preview', page(state, query, { result }));
  });
  return r;
}
