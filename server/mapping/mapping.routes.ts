import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { BadRequestError } from '../platform/http/errors.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { deltAnsvarSchema, fjernDeltAnsvarSchema, kommuneParam, mappingSchema } from './mapping.schemas.ts';
import * as service from './mapping.service.ts';
import * as views from './mapping.views.ts';

/** Each kommune's ansvar and funksjoner. Mounted under /t/:slug. */
export function mappingRoutes({ db }: AppDeps): Router {
  const r = Router();
  const page = (req: Express.Request, override?: service.MappingFormOverride | service.DeltAnsvarOverride) => views.mappingPage(db, tenantOf(req), actorOf(req), override);

  r.get('/kontering/kommuner', async (req, res) => {
    res.render('mapping/kommuner', await page(req));
  });

  // Before the :kommunenummer route, which would otherwise take this path.
  r.post('/kontering/kommuner/bekreft-forslag', async (req, res) => {
    const { saved, left } = await service.confirmSureProposals(db, actorOf(req));
    const parts = [saved.length ? `Lagret forslaget for ${saved.join(', ')}.` : 'Ingen sikre forslag å lagre.', left.length ? `Velg selv for ${left.join(', ')}.` : ''];
    flash(req, saved.length ? 'ok' : 'info', parts.join(' ').trim());
    res.redirect(303, urls.mappingKommuner(tenantOf(req).slug));
  });

  // An ansvar several kommuner share on purpose: marked with a reason the godkjenner sees (else it is an error).
  r.post('/kontering/delt-ansvar', async (req, res) => {
    requirePermission(actorOf(req), 'editMapping');
    const form = parseForm(deltAnsvarSchema, req.body);
    if (!form.ok) {
      const ansvar = String(form.values['ansvar'] ?? '');
      const errors = [...(form.errors['begrunnelse'] ?? []), ...(form.errors['ansvar'] ?? [])];
      return res.status(400).render('mapping/kommuner', await page(req, { ansvar, begrunnelse: String(form.values['begrunnelse'] ?? ''), errors }));
    }
    const result = await service.markDeltAnsvar(db, actorOf(req), form.data);
    // not used by several kommuner: it is not in the list, so the message goes on top of the page
    if (!result.ok) return res.status(400).render('mapping/kommuner', { ...(await page(req)), formError: result.override.errors.join(' ') });
    flash(req, 'ok', `Ansvar ${form.data.ansvar} er merket som felles. Godkjenneren ser begrunnelsen.`);
    res.redirect(303, urls.mappingKommuner(tenantOf(req).slug, { anchor: 'delt-ansvar' }));
  });

  r.post('/kontering/delt-ansvar/fjern', async (req, res) => {
    requirePermission(actorOf(req), 'editMapping');
    const form = parseForm(fjernDeltAnsvarSchema, req.body);
    if (!form.ok) throw new BadRequestError('Skjemaet mangler ansvar. Last siden på nytt og prøv igjen.');
    const removed = await service.unmarkDeltAnsvar(db, actorOf(req), form.data.ansvar);
    flash(req, removed ? 'ok' : 'info', removed ? `Ansvar ${form.data.ansvar} er ikke lenger merket som felles.` : `Ansvar ${form.data.ansvar} var ikke merket som felles.`);
    res.redirect(303, urls.mappingKommuner(tenantOf(req).slug, { anchor: 'delt-ansvar' }));
  });

  r.post('/kontering/kommuner/:kommunenummer', async (req, res) => {
    const p = paramOr404(kommuneParam, req.params);
    requirePermission(actorOf(req), 'editMapping'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(mappingSchema, req.body);
    if (!form.ok) {
      return res.status(400).render('mapping/kommuner', { ...(await page(req)), formError: 'Skjemaet var ufullstendig. Last siden på nytt og prøv igjen.' });
    }
    const result = await service.saveMapping(db, actorOf(req), p.kommunenummer, form.data);
    if (!result.ok) return res.status(result.kind === 'conflict' ? 409 : 400).render('mapping/kommuner', await page(req, result.override));
    flash(req, 'ok', result.changed ? `Ansvar og funksjoner for ${result.navn} er lagret.` : `Ingen endringer for ${result.navn}.`);
    res.redirect(303, urls.mappingKommuner(tenantOf(req).slug, { anchor: `k-${p.kommunenummer}` }));
  });

  return r;
}
