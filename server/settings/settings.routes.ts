import { Router, type Request } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { agaArtSchema, autopaySchema, erpSchema, modulParam, modulePostingSchema, modulerSchema, mvaFieldName, mvaSchema } from './settings.schemas.ts';
import * as service from './settings.service.ts';
import * as views from './settings.views.ts';
import { MODUL_LABEL, kategoriKey } from './settings.rules.ts';

/** Innstillinger: module choice, posting settings, Autopay and mva-koder. Mounted under /t/:slug. */
export function settingsRoutes({ db }: AppDeps): Router {
  const r = Router();
  const slugOf = (req: Request) => tenantOf(req).slug;
  // Checked before the form is parsed, so a reader gets 403 and never a list of field messages.
  const requireEdit = (req: Request) => requirePermission(actorOf(req), 'editSettings');

  r.get('/innstillinger', async (req, res) => {
    res.render('settings/index', { title: 'Innstillinger', ...(await service.settingsOverview(db, tenantOf(req).id)) });
  });

  // ---- Moduler ----
  const modulerPage = (req: Request, failure: views.Failure | null = null) => views.modulerPage(db, actorOf(req), failure);
  r.get('/innstillinger/moduler', async (req, res) => res.render('settings/moduler', await modulerPage(req)));
  r.post('/innstillinger/moduler', async (req, res) => {
    requireEdit(req);
    const form = parseForm(modulerSchema, req.body);
    if (!form.ok) return res.status(400).render('settings/moduler', await modulerPage(req, form));
    await service.saveModuler(db, actorOf(req), form.data);
    flash(req, 'ok', 'Modulvalget er lagret.');
    res.redirect(303, urls.modules(slugOf(req)));
  });

  // ---- Postering (ERP + per module default and per-kommune overrides) ----
  const posteringPage = (req: Request, failure: views.PosteringFailure = {}) => views.posteringPage(db, actorOf(req), failure);
  r.get('/innstillinger/postering', async (req, res) => res.render('settings/postering', await posteringPage(req)));
  // The page's one form: ERP and both grids together (the per-part routes below stay for scripts and older pages).
  r.post('/innstillinger/postering', async (req, res) => {
    requireEdit(req);
    const ctx = await service.loadSettingsPage(db, tenantOf(req).id);
    const kommunenumre = ctx.kommuner.map((k) => k.kommunenummer);
    const erp = parseForm(erpSchema, req.body);
    const okonomi = parseForm(modulePostingSchema('okonomi', kommunenumre, ctx.artLookup), req.body);
    const lonn = parseForm(modulePostingSchema('lonn', kommunenumre, ctx.artLookup), req.body);
    if (!erp.ok || !okonomi.ok || !lonn.ok) {
      const values = { ...(req.body as Record<string, unknown>) };
      const postings = {
        ...(okonomi.ok ? {} : { okonomi: { modul: 'okonomi' as const, errors: okonomi.errors, values } }),
        ...(lonn.ok ? {} : { lonn: { modul: 'lonn' as const, errors: lonn.errors, values } }),
      };
      return res.status(400).render('settings/postering', await posteringPage(req, { ...(erp.ok ? {} : { erp }), all: { values, postings } }));
    }
    const { changed } = await service.savePostingPage(db, actorOf(req), { erp: erp.data, postings: { okonomi: okonomi.data, lonn: lonn.data } });
    flash(req, changed.length ? 'ok' : 'info', changed.length ? `Lagret: ${changed.join(', ')}.` : 'Ingenting var endret.');
    res.redirect(303, urls.posting(slugOf(req)));
  });

  r.post('/innstillinger/postering/erp', async (req, res) => {
    requireEdit(req);
    const form = parseForm(erpSchema, req.body);
    if (!form.ok) return res.status(400).render('settings/postering', await posteringPage(req, { erp: form }));
    await service.saveErp(db, actorOf(req), form.data);
    flash(req, 'ok', 'Økonomisystemet er lagret.');
    res.redirect(303, urls.posting(slugOf(req)));
  });
  // Its own address: the Postering page's one form saves ERP and grids; the AGA art is saved apart.
  r.post('/innstillinger/aga-art', async (req, res) => {
    requireEdit(req);
    const form = parseForm(agaArtSchema, req.body);
    if (!form.ok) return res.status(400).render('settings/postering', await posteringPage(req, { agaArt: form.errors['aga_art']?.[0] ?? 'Velg en art fra listen.' }));
    const result = await service.saveAgaArt(db, actorOf(req), form.data.aga_art);
    if (!result.ok) return res.status(400).render('settings/postering', await posteringPage(req, { agaArt: result.error }));
    flash(req, 'ok', 'Arten for arbeidsgiveravgift er lagret.');
    res.redirect(303, urls.posting(slugOf(req), { anchor: 'aga-art' }));
  });
  r.post('/innstillinger/postering/:modul', async (req, res) => {
    const p = paramOr404(modulParam, req.params);
    requireEdit(req);
    const ctx = await service.loadSettingsPage(db, tenantOf(req).id);
    const form = parseForm(
      modulePostingSchema(
        p.modul,
        ctx.kommuner.map((k) => k.kommunenummer),
        ctx.artLookup,
      ),
      req.body,
    );
    if (!form.ok) return res.status(400).render('settings/postering', await posteringPage(req, { posting: { modul: p.modul, errors: form.errors, values: form.values } }));
    await service.saveModulePosting(db, actorOf(req), p.modul, form.data);
    flash(req, 'ok', `Posteringsinnstillingene for ${MODUL_LABEL[p.modul].toLowerCase()} er lagret.`);
    res.redirect(303, urls.posting(slugOf(req), { anchor: `modul-${p.modul}` }));
  });

  // ---- Autopay ----
  const autopayPage = (req: Request, failure: views.Failure | null = null) => views.autopayPage(db, actorOf(req), failure);
  r.get('/innstillinger/autopay', async (req, res) => res.render('settings/autopay', await autopayPage(req)));
  r.post('/innstillinger/autopay', async (req, res) => {
    requireEdit(req);
    const form = parseForm(autopaySchema, req.body);
    if (!form.ok) return res.status(400).render('settings/autopay', await autopayPage(req, form));
    await service.saveAutopay(db, actorOf(req), form.data);
    flash(req, 'ok', 'Autopay-innstillingene er lagret.');
    res.redirect(303, urls.autopay(slugOf(req)));
  });

  // ---- Mva-koder per utbetalingskategori ----
  const mvaPage = (req: Request, failure: views.Failure | null = null) => views.mvaPage(db, actorOf(req), failure);
  r.get('/innstillinger/mva', async (req, res) => res.render('settings/mva', await mvaPage(req)));
  r.post('/innstillinger/mva', async (req, res) => {
    requireEdit(req);
    const kategorier = (await service.loadSettingsPage(db, tenantOf(req).id)).registers.utbetalingskategorier?.rows ?? [];
    const form = parseForm(mvaSchema(kategorier.map((k) => k.lopenr)), req.body);
    if (!form.ok) return res.status(400).render('settings/mva', await mvaPage(req, form));
    const data = form.data as Record<string, string | null>;
    await service.saveMvaKoder(db, actorOf(req), Object.fromEntries(kategorier.map((k) => [kategoriKey(k), data[mvaFieldName(k.lopenr)] ?? null])));
    flash(req, 'ok', 'Mva-kodene er lagret.');
    res.redirect(303, urls.mva(slugOf(req)));
  });

  return r;
}
