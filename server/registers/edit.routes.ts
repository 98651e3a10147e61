import { Router, type Request } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm, queryOr } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { registerParam, versionParam } from '../imports/import.schemas.ts';
import { REGISTER_LABEL } from '../imports/import.service.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { editFormSchema, editQuery, NEW_ROWS, restoreFormSchema } from './edit.schemas.ts';
import * as service from './edit.service.ts';
import * as views from './edit.views.ts';

/** Editing a register's current version in the browser, and restoring an older version. Mounted under /t/:slug. */
export function editRoutes({ db }: AppDeps): Router {
  const r = Router();
  const registerOf = (req: Request): RegisterName => paramOr404(registerParam, req.params).register;
  const editPath = (req: Request, register: RegisterName, q: { side: number; sok: string }) => {
    const p = new URLSearchParams();
    if (q.sok) p.set('sok', q.sok);
    if (q.side > 1) p.set('side', String(q.side));
    return urls.registerEdit(tenantOf(req).slug, register, { query: p.toString() });
  };
  const render = async (req: Request, register: RegisterName, q: { side: number; sok: string; nye: number }, overlay?: views.EditOverlay) => ({
    title: `Rediger ${REGISTER_LABEL[register].toLowerCase()}`,
    ...(await views.editPage(db, tenantOf(req).id, register, q, overlay)),
  });

  r.get('/import/:register/rediger', async (req, res) => {
    const register = registerOf(req);
    requirePermission(actorOf(req), 'editRegisters');
    const q = queryOr(editQuery, req.query, { side: 1, sok: '', nye: NEW_ROWS });
    res.render('registers/edit', await render(req, register, q));
  });

  r.post('/import/:register/rediger', async (req, res) => {
    const register = registerOf(req);
    requirePermission(actorOf(req), 'editRegisters'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(editFormSchema, req.body);
    if (!form.ok) {
      const q = { side: 1, sok: '', nye: NEW_ROWS };
      const message = [...Object.values(form.errors).flat(), ...form.formErrors].join(' ') || 'Skjemaet var ufullstendig. Last siden på nytt og prøv igjen.';
      return res.status(400).render('registers/edit', await render(req, register, q, { input: { baseVersionNo: 0, rows: [], newRows: [], action: '', reason: '' }, message }));
    }
    const input = form.data;
    const q = { side: input.side, sok: input.sok, nye: Math.max(NEW_ROWS, input.newRows.length) };
    const outcome = await service.saveEdit(db, actorOf(req), tenantOf(req), register, input, views.fieldLabelFor(register));
    if (!outcome.ok) {
      const status = outcome.kind === 'conflict' ? 409 : 400;
      const overlay: views.EditOverlay =
        outcome.kind === 'conflict'
          ? { input: outcome.conflict.ownChanges, conflict: outcome.conflict }
          : outcome.kind === 'confirm'
            ? { input, impact: outcome.impact, message: outcome.message }
            : { input, issues: outcome.issues, message: outcome.message };
      return res.status(status).render('registers/edit', await render(req, register, q, overlay));
    }
    const label = REGISTER_LABEL[register];
    if (outcome.created) flash(req, 'ok', `${label} er lagret som versjon ${outcome.versionNo} (${outcome.summary}).`);
    else flash(req, 'info', `Ingen endringer – ingen ny versjon ble laget.`);
    res.redirect(303, editPath(req, register, q));
  });

  const planFor = async (req: Request) => {
    const p = paramOr404(versionParam, req.params);
    const t = tenantOf(req);
    const plan = await service.planRestore(db, t.id, t.regnskapsar, p.register, p.no, views.fieldLabelFor(p.register));
    return { p, page: { title: `Gjenopprett ${REGISTER_LABEL[p.register].toLowerCase()} versjon ${p.no}`, ...views.restorePage(plan, p.register) } };
  };

  r.get('/import/:register/versjoner/:no/gjenopprett', async (req, res) => {
    requirePermission(actorOf(req), 'editRegisters');
    const { page } = await planFor(req);
    res.render('registers/restore', page);
  });

  r.post('/import/:register/versjoner/:no/gjenopprett', async (req, res) => {
    requirePermission(actorOf(req), 'editRegisters');
    const { p, page } = await planFor(req);
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
