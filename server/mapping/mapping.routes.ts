import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { flash } from '../platform/http/flash.ts';
import { parseForm, parseParams } from '../platform/http/forms.ts';
import { canEditRegisters } from '../auth/permissions.ts';
import { kommuneParam, mappingSchema } from './mapping.schemas.ts';
import * as service from './mapping.service.ts';

/** Each kommune's ansvar and funksjoner. Mounted under /t/:slug. */
export function mappingRoutes({ db }: AppDeps): Router {
  const r = Router();
  const page = async (req: Express.Request, override?: service.MappingFormOverride) => {
    const t = tenantOf(req);
    return { title: 'Kommunenes ansvar og funksjoner', canEdit: canEditRegisters({ userId: req.user!.id, roles: t.roles }), ...(await service.loadMappingPage(db, t.id, override)) };
  };

  r.get('/kontering/kommuner', async (req, res) => {
    res.render('mapping/kommuner', await page(req));
  });

  // Before the :kommunenummer route, which would otherwise take this path.
  r.post('/kontering/kommuner/bekreft-forslag', async (req, res) => {
    const { saved, left } = await service.confirmSureProposals(db, actorOf(req));
    const parts = [saved.length ? `Lagret forslaget for ${saved.join(', ')}.` : 'Ingen sikre forslag å lagre.', left.length ? `Velg selv for ${left.join(', ')}.` : ''];
    flash(req, saved.length ? 'ok' : 'info', parts.join(' ').trim());
    res.redirect(303, `/t/${tenantOf(req).slug}/kontering/kommuner`);
  });

  r.post('/kontering/kommuner/:kommunenummer', async (req, res) => {
    const p = parseParams(kommuneParam, req.params);
    if (!p) throw new NotFoundError();
    service.requireMappingEditor(actorOf(req)); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(mappingSchema, req.body);
    if (!form.ok) {
      return res.status(400).render('mapping/kommuner', { ...(await page(req)), formError: 'Skjemaet var ufullstendig. Last siden på nytt og prøv igjen.' });
    }
    const result = await service.saveMapping(db, actorOf(req), p.kommunenummer, form.data);
    if (!result.ok) return res.status(result.kind === 'conflict' ? 409 : 400).render('mapping/kommuner', await page(req, result.override));
    flash(req, 'ok', result.changed ? `Ansvar og funksjoner for ${result.navn} er lagret.` : `Ingen endringer for ${result.navn}.`);
    res.redirect(303, `/t/${tenantOf(req).slug}/kontering/kommuner#k-${p.kommunenummer}`);
  });

  return r;
}
