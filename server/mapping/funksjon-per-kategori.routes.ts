import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404 } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { kommuneParam } from './mapping.schemas.ts';
import * as service from './funksjon-per-kategori.service.ts';
import * as views from './funksjon-per-kategori.views.ts';

/** The form's pairs k_<n> (the choice's key) and v_<n> (the funksjon, blank = the kommune's own) as key → funksjon. */
function choicesOf(body: unknown): Record<string, string> {
  const form = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, key] of Object.entries(form)) {
    const m = /^k_(\d{1,5})$/.exec(name);
    if (!m || typeof key !== 'string') continue;
    const v = form[`v_${m[1]}`];
    out[key] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** «Funksjon per kategori» on the Kontering pages. Mounted under /t/:slug. */
export function funksjonPerKategoriRoutes({ db }: AppDeps): Router {
  const r = Router();
  const page = (req: Express.Request, override?: service.FunksjonFormOverride) => views.funksjonPage(db, actorOf(req), override);

  r.get('/kontering/funksjoner', async (req, res) => {
    res.render('mapping/funksjoner', await page(req));
  });

  // before the :kommunenummer route, which would otherwise take this path
  r.post('/kontering/funksjoner/bekreft-forslag', async (req, res) => {
    const { saved, kommuner } = await service.confirmSureFunksjonProposals(db, actorOf(req));
    flash(req, saved > 0 ? 'ok' : 'info', saved > 0 ? `Lagret ${saved} sikre forslag (${kommuner.join(', ')}).` : 'Ingen sikre forslag å lagre.');
    res.redirect(303, urls.funksjonPerKategori(tenantOf(req).slug));
  });

  r.post('/kontering/funksjoner/:kommunenummer', async (req, res) => {
    const p = paramOr404(kommuneParam, req.params);
    requirePermission(actorOf(req), 'editMapping'); // before the form: a reader gets 403, not the form's messages
    const result = await service.saveFunksjonPerKategori(db, actorOf(req), p.kommunenummer, choicesOf(req.body));
    if (!result.ok) return res.status(400).render('mapping/funksjoner', await page(req, result.override));
    flash(req, 'ok', result.changed > 0 ? `Funksjon per kategori for ${result.navn} er lagret (${result.changed} endret).` : `Ingen endringer for ${result.navn}.`);
    res.redirect(303, urls.funksjonPerKategori(tenantOf(req).slug, { anchor: `k-${p.kommunenummer}` }));
  });

  return r;
}
