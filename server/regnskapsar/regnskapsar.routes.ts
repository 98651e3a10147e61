import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { BadRequestError } from '../platform/http/errors.ts';
import { flash } from '../platform/http/flash.ts';
import { parseForm } from '../platform/http/forms.ts';
import { requirePermission } from '../auth/permissions.ts';
import { urls } from '../platform/http/urls.ts';
import { loadKodeverkState } from '../kodeverk/kodeverk.state.ts';
import { copySchema } from './regnskapsar.schemas.ts';
import * as service from './regnskapsar.service.ts';

/** «Kopier kodeverket til nytt regnskapsår» (#12 item 9): the changes first, then the admin confirms. Mounted under /t/:slug. */
export function regnskapsarRoutes({ db }: AppDeps): Router {
  const r = Router();

  r.get('/tjeneste/nytt-regnskapsar', async (req, res) => {
    requirePermission(actorOf(req), 'newRegnskapsar');
    const t = tenantOf(req);
    const model = await service.nextYearPageOf(db, t.id, await loadKodeverkState(db, t.id));
    res.render('regnskapsar/nytt', { title: `Kopier kodeverket til ${model.to}`, ...model });
  });

  r.post('/tjeneste/nytt-regnskapsar', async (req, res) => {
    requirePermission(actorOf(req), 'newRegnskapsar');
    const form = parseForm(copySchema, req.body);
    if (!form.ok) throw new BadRequestError('Skjemaet mangler året siden viste. Last siden på nytt.');
    const done = await service.copyToNextYear(db, actorOf(req), form.data.fra);
    flash(
      req,
      'ok',
      `Kodeverket gjelder nå regnskapsår ${done.to}.${done.rederived > 0 ? ` KOSTRA-artene er utledet på nytt (${done.rederived} endret).` : ''} Hver kommune må godkjennes på nytt for ${done.to}.`,
    );
    res.redirect(303, urls.home(tenantOf(req).slug));
  });
  return r;
}
