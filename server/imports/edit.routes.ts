import { Router, type Request } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm, queryOr } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { registerParam, versionParam } from './import.schemas.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { editFormSchema, editQuery, NEW_ROWS, restoreFormSchema } from './edit.schemas.ts';
import * as service from './edit.service.ts';
import * as views from './edit.views.ts';
import { REGISTER_LABEL } from '../spreadsheet/labels.ts';

/** Editing a register's current version in the browser, and restoring an older version. Mounted under /t/:slug. */
export function editRoutes({ db }: AppDeps): Router {
  const r = Router();
  const registerOf = (req: Request): RegisterName => paramOr404(registerParam, req.params).register;
  const editPage = (req: Request, register: RegisterName, q: views.EditPlace & { nye: number }, overlay?: views.EditOverlay) => views.editPage(db, tenantOf(req).id, register, q, overlay);

  r.get('/import/:register/rediger', async (req, res) => {
    const register = registerOf(req);
    requirePermission(actorOf(req), 'editRegisters');
    const q = queryOr(editQuery, req.query, { side: 1, sok: '', nye: NEW_ROWS });
    res.render('registers/edit', await editPage(req, register, q));
  });

  r.post('/import/:register/rediger', async (req, res) => {
    const register = registerOf(req);
    requirePermission(actorOf(req), 'editRegisters'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(editFormSchema, req.body);
    if (!form.ok) {
      const overlay = views.incompleteFormOverlay([...Object.values(form.errors).flat(), ...form.formErrors]);
      return res.status(400).render('registers/edit', await editPage(req, register, { side: 1, sok: '', nye: NEW_ROWS }, overlay));
    }
    const input = form.data;
    const q = { side: input.side, sok: input.sok, nye: Math.max(NEW_ROWS, input.newRows.length) };
    const outcome = await service.saveEdit(db, actorOf(req), tenantOf(req), register, input, views.fieldLabelFor(register));
    if (!outcome.ok) return res.status(outcome.kind === 'conflict' ? 409 : 400).render('registers/edit', await editPage(req, register, q, views.refusedSaveOverlay(outcome, input)));
    const label = REGISTER_LABEL[register];
    if (outcome.created) flash(req, 'ok', `${label} er lagret som versjon ${outcome.versionNo} (${outcome.summary}).`);
    else flash(req, 'info', `Ingen endringer – ingen ny versjon ble laget.`);
    res.redirect(303, views.editAddress(tenantOf(req).slug, register, q));
  });

  r.get('/import/:register/versjoner/:no/gjenopprett', async (req, res) => {
    requirePermission(actorOf(req), 'editRegisters');
    const p = paramOr404(versionParam, req.params);
    res.render('registers/restore', await views.restorePage(db, tenantOf(req), p.register, p.no));
  });

  r.post('/import/:register/versjoner/:no/gjenopprett', async (req, res) => {
    requirePermission(actorOf(req), 'editRegisters');
    const p = paramOr404(versionParam, req.params);
    // the page first: a refused form or restore is shown on it
    const page = await views.restorePage(db, tenantOf(req), p.register, p.no);
    const form = parseForm(restoreFormSchema, req.body);
    if (!form.ok) return res.status(400).render('registers/restore', { ...page, formError: [...Object.values(form.errors).flat(), ...form.formErrors].join(' ') || 'Skjemaet var ufullstendig.' });
    const outcome = await service.restoreVersion(
      db,
      actorOf(req),
      tenantOf(req),
      p.register,
      p.no,
      { shownCurrentVersionNo: form.data.gjeldende, reason: form.data.begrunnelse },
      views.fieldLabelFor(p.register),
    );
    if (!outcome.ok && outcome.kind === 'moved') {
      flash(
        req,
        'error',
        `Ikke gjenopprettet: en annen har lagret versjon ${outcome.currentVersionNo} mens du så på siden. Forskjellen under er nå mot den nye versjonen – se over den, og gjenopprett på nytt om det fortsatt er riktig.`,
      );
      return res.redirect(303, urls.versionRestore(tenantOf(req).slug, p.register, p.no));
    }
    if (!outcome.ok) return res.status(400).render('registers/restore', { ...page, formError: outcome.message });
    const label = REGISTER_LABEL[p.register];
    if (outcome.created) flash(req, 'ok', `${label} versjon ${p.no} er gjenopprettet som versjon ${outcome.versionNo}.`);
    else flash(req, 'info', `Innholdet er likt gjeldende versjon (v${outcome.versionNo}) – ingen ny versjon ble laget.`);
    res.redirect(303, urls.versions(tenantOf(req).slug, p.register));
  });

  return r;
}
