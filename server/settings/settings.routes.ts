import { SELECT_LIMIT } from '../registers/code-chooser.ts';
import type { CurrentKontoplan } from '../registers/current.ts';
import type { MotkontoLookup } from './settings.rules.ts';
import { Router, type Request } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm, type FieldErrors } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { canEditSettings, requirePermission } from '../auth/permissions.ts';
import { agaArtSchema, autopaySchema, erpSchema, modulParam, modulePostingSchema, modulerSchema, mvaFieldName, mvaSchema } from './settings.schemas.ts';
import * as service from './settings.service.ts';
import { MODUL_LABEL, kategoriKey } from './settings.rules.ts';
import { autopayValues, erpOptions, gridErrorSummary, jaNeiOptions, moduleStatusOptions, mvaErrorSummary, mvaRows, postingGrid, type PostingFormFailure } from './settings.view.ts';

type Failure = { errors: FieldErrors; values: Record<string, unknown> };

/** Innstillinger: module choice, posting settings, Autopay and mva-koder. Mounted under /t/:slug. */
/**
 * The motkonto fields' datalist: balance accounts when the plan has them, else every active art. Past SELECT_LIMIT the
 * list is not sent with the page but searched as the user types (registers/code-chooser.ts).
 */
function motkontoList(kontoplan: CurrentKontoplan, artLookup: MotkontoLookup | null | undefined) {
  const arts = kontoplan.art.filter((a) => a.aktiv && (!artLookup?.hasBalanse || artLookup.arts.get(a.kode)?.balanse));
  const searched = arts.length > SELECT_LIMIT;
  return { versionNo: kontoplan.version.versionNo, hasBalanse: !!artLookup?.hasBalanse, searched, arts: searched ? [] : arts };
}

export function settingsRoutes({ db }: AppDeps): Router {
  const r = Router();
  const slugOf = (req: Request) => tenantOf(req).slug;
  const canEdit = (req: Request) => canEditSettings({ userId: req.user!.id, roles: tenantOf(req).roles });
  // Checked before the form is parsed, so a reader gets 403 and never a list of field messages.
  const requireEdit = (req: Request) => requirePermission(actorOf(req), 'editSettings');

  r.get('/innstillinger', async (req, res) => {
    res.render('settings/index', { title: 'Innstillinger', ...(await service.settingsOverview(db, tenantOf(req).id)) });
  });

  // ---- Moduler ----
  const modulerPage = async (req: Request, failure: Failure | null = null) => {
    const { settings } = await service.loadSettingsPage(db, tenantOf(req).id);
    const values = failure?.values ?? { okonomi_status: settings.moduler.okonomi, lonn_status: settings.moduler.lonn };
    return {
      title: 'Moduler',
      canEdit: canEdit(req),
      errors: failure?.errors,
      values,
      okonomiOptions: moduleStatusOptions(values.okonomi_status),
      lonnOptions: moduleStatusOptions(values.lonn_status),
    };
  };
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
  // `all`: the page's one form was refused: every section shows what was typed, not what is stored
  const posteringPage = async (
    req: Request,
    failure: { erp?: Failure; posting?: PostingFormFailure; all?: { values: Record<string, unknown>; postings: Partial<Record<'okonomi' | 'lonn', PostingFormFailure>> }; agaArt?: string } = {},
  ) => {
    const p = await service.loadSettingsPage(db, tenantOf(req).id);
    const typed = failure.all?.values;
    const erpValues =
      failure.erp?.values ?? (typed ? { erp: String(typed['erp'] ?? ''), erp_annet: String(typed['erp_annet'] ?? '') } : { erp: p.settings.erp ?? '', erp_annet: p.settings.erpAnnet ?? '' });
    return {
      title: 'Postering',
      canEdit: canEdit(req),
      errors: failure.all
        ? {
            ...(failure.erp?.errors ?? {}),
            ...gridErrorSummary(failure.all.postings.okonomi?.errors ?? {}, 'okonomi', p.kommuner),
            ...gridErrorSummary(failure.all.postings.lonn?.errors ?? {}, 'lonn', p.kommuner),
          }
        : (failure.erp?.errors ?? (failure.posting ? gridErrorSummary(failure.posting.errors, failure.posting.modul, p.kommuner) : undefined)),
      erpErrors: failure.erp?.errors,
      values: erpValues,
      erpOptions: erpOptions(erpValues.erp),
      // the datalist offers balance accounts when the plan has them, else every active art
      kontoplan: p.registers.kontoplan ? motkontoList(p.registers.kontoplan, p.artLookup) : null,
      motkontoNotes: service.motkontoNotesOf(p),
      agaArt: { ...service.agaArtChoices(p, p.regnskapsar), error: failure.agaArt ?? null },
      grids: (['okonomi', 'lonn'] as const).map((m) =>
        postingGrid(m, p.settings.moduler[m], p.postings[m], p.kommuner, failure.all ? (failure.all.postings[m] ?? { modul: m, errors: {}, values: failure.all.values }) : (failure.posting ?? null)),
      ),
    };
  };
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
  const autopayPage = async (req: Request, failure: Failure | null = null) => {
    const { settings } = await service.loadSettingsPage(db, tenantOf(req).id);
    const values = failure?.values ?? autopayValues(settings.autopay);
    return {
      title: 'Autopay',
      canEdit: canEdit(req),
      okonomiIkkeIBruk: settings.moduler.okonomi === 'ikke_i_bruk',
      errors: failure?.errors,
      values,
      avtaleOptions: jaNeiOptions(values.avtale),
      godkjenningOptions: jaNeiOptions(values.godkjenning),
    };
  };
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
  const mvaPage = async (req: Request, failure: Failure | null = null) => {
    const p = await service.loadSettingsPage(db, tenantOf(req).id);
    return {
      title: 'Mva-koder',
      canEdit: canEdit(req),
      errors: mvaErrorSummary(failure?.errors, p.registers.utbetalingskategorier?.rows ?? []),
      rows: mvaRows(p.registers.utbetalingskategorier?.rows ?? [], p.mva, failure),
      imported: !!p.registers.utbetalingskategorier,
    };
  };
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
