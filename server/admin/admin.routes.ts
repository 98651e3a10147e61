import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { startPasswordSchema } from '../auth/auth.schemas.ts';
import { addKommuneSchema, addUserSchema, confirmSchema, kommuneParam, rolesSchema, tjenesteSchema, userParam } from '../tenancy/tenancy.schemas.ts';
import * as service from '../tenancy/tenancy.service.ts';
import { updateTjeneste } from '../regnskapsar/regnskapsar.service.ts';
import * as views from './admin.views.ts';
import { kommuneRemovalCost, memberRemovalCost } from './removal-cost.ts';

/** Tjeneste, kommuner and users: the admin's pages. Mounted under /t/:slug. */
export function adminRoutes({ db }: AppDeps): Router {
  const r = Router();
  const requireAdminPage = (req: Express.Request) => requirePermission(actorOf(req), 'adminPages');
  // Before any form is read: a refused form re-renders the admin page (with the member list), so a non-admin must get 403, not 400.
  r.use(['/tjeneste', '/kommuner', '/brukere'], (req, _res, next) => {
    requireAdminPage(req);
    next();
  });

  const tjenestePage = (req: Express.Request, extra: Record<string, unknown> = {}) => views.tjenestePage(tenantOf(req), extra);
  r.get('/tjeneste', async (req, res) => {
    requireAdminPage(req);
    res.render('tenancy/tjeneste', await tjenestePage(req));
  });
  r.post('/tjeneste', async (req, res) => {
    const form = parseForm(tjenesteSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/tjeneste', await tjenestePage(req, { errors: form.errors, values: form.values }));
    await updateTjeneste(db, actorOf(req), form.data);
    flash(req, 'ok', 'Tjenesten er oppdatert.');
    res.redirect(303, urls.tjeneste(tenantOf(req).slug));
  });

  const kommunerPage = (req: Express.Request, extra: Record<string, unknown> = {}) => views.kommunerPage(db, tenantOf(req).id, extra);
  r.get('/kommuner', async (req, res) => {
    requireAdminPage(req);
    res.render('tenancy/kommuner', await kommunerPage(req));
  });
  r.post('/kommuner', async (req, res) => {
    const form = parseForm(addKommuneSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/kommuner', await kommunerPage(req, { errors: form.errors, values: form.values }));
    await service.addKommune(db, actorOf(req), form.data.kommunenummer);
    flash(req, 'ok', 'Kommunen er lagt til.');
    res.redirect(303, urls.kommuner(tenantOf(req).slug));
  });
  // Nothing destructive in one click: «Fjern» opens a page saying what is lost, and only its form removes.
  r.get('/kommuner/:kommunenummer/fjern', async (req, res) => {
    const p = paramOr404(kommuneParam, req.params);
    const cost = await kommuneRemovalCost(db, tenantOf(req).id, p.kommunenummer);
    res.render('tenancy/confirm-remove', {
      title: `Fjern ${cost.kommune.navn}`,
      heading: `Fjerne ${cost.kommune.navn} fra tjenesten?`,
      ...cost,
      action: urls.kommuneRemoval(tenantOf(req).slug, p.kommunenummer),
      back: urls.kommuner(tenantOf(req).slug),
      button: `Fjern ${cost.kommune.navn}`,
      vert: cost.kommune.er_vertskommune,
    });
  });
  r.post('/kommuner/:kommunenummer/fjern', async (req, res) => {
    const p = paramOr404(kommuneParam, req.params);
    const form = parseForm(confirmSchema, req.body);
    if (!form.ok || !form.data.bekreft) {
      await kommuneRemovalCost(db, tenantOf(req).id, p.kommunenummer); // 404 for a kommune not in the tjeneste
      return res.redirect(303, urls.kommuneRemoval(tenantOf(req).slug, p.kommunenummer));
    }
    await service.removeKommune(db, actorOf(req), p.kommunenummer);
    flash(req, 'ok', 'Kommunen er fjernet. Tilknytningen og innstillingene er tatt vare på og kommer tilbake om du legger den til igjen.');
    res.redirect(303, urls.kommuner(tenantOf(req).slug));
  });
  r.post('/kommuner/:kommunenummer/vert', async (req, res) => {
    const p = paramOr404(kommuneParam, req.params);
    await service.makeVertskommune(db, actorOf(req), p.kommunenummer);
    flash(req, 'ok', 'Vertskommunen er endret.');
    res.redirect(303, urls.kommuner(tenantOf(req).slug));
  });

  const usersPage = (req: Express.Request, extra: Record<string, unknown> = {}) => views.usersPage(db, actorOf(req), extra);
  r.get('/brukere', async (req, res) => {
    requireAdminPage(req);
    res.render('tenancy/users', await usersPage(req));
  });
  r.post('/brukere', async (req, res) => {
    const form = parseForm(addUserSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/users', await usersPage(req, { errors: form.errors, values: form.values }));
    await service.inviteMember(db, actorOf(req), form.data);
    // the same words whether the e-mail had an account or not (#13 item 3)
    flash(
      req,
      'ok',
      `${form.data.email} er invitert. Brukeren får tilgang etter å ha logget inn og godtatt invitasjonen. Er e-postadressen ny i appen, logger brukeren inn med startpassordet du skrev; har den en konto fra før, med sitt eget passord.`,
    );
    res.redirect(303, urls.users(tenantOf(req).slug));
  });
  r.post('/brukere/invitasjoner/:userId/trekk', async (req, res) => {
    const p = paramOr404(userParam, req.params);
    // already answered or withdrawn by another admin: the outcome the admin wanted, said as it is
    const withdrawn = await service.withdrawInvitation(db, actorOf(req), p.userId);
    flash(req, withdrawn ? 'ok' : 'info', withdrawn ? 'Invitasjonen er trukket tilbake.' : 'Invitasjonen finnes ikke lenger (den er besvart eller trukket tilbake).');
    res.redirect(303, urls.users(tenantOf(req).slug));
  });
  r.post('/brukere/:userId/roller', async (req, res) => {
    const p = paramOr404(userParam, req.params);
    const form = parseForm(rolesSchema, req.body);
    if (!form.ok) {
      flash(req, 'error', 'Velg minst én rolle. Vil du fjerne brukeren, bruk «Fjern».');
      return res.redirect(303, urls.users(tenantOf(req).slug));
    }
    await service.changeRoles(db, actorOf(req), p.userId, form.data.roller);
    flash(req, 'ok', 'Rollene er endret.');
    res.redirect(303, urls.users(tenantOf(req).slug));
  });
  r.post('/brukere/:userId/passord', async (req, res) => {
    const p = paramOr404(userParam, req.params);
    requireAdminPage(req); // before the form: anyone else gets 403, not the form's message
    const form = parseForm(startPasswordSchema, req.body);
    if (!form.ok) {
      const message = form.errors['startpassord']?.[0] ?? 'Skriv et startpassord.';
      return res.status(400).render('tenancy/users', await usersPage(req, { startPasswordError: { userId: p.userId, message }, formError: message }));
    }
    await service.setStartPassword(db, actorOf(req), p.userId, form.data.startpassord);
    flash(req, 'ok', 'Det nye startpassordet er satt. Gi det til brukeren; det må byttes ved første innlogging.');
    res.redirect(303, urls.users(tenantOf(req).slug));
  });

  r.get('/brukere/:userId/fjern', async (req, res) => {
    const p = paramOr404(userParam, req.params);
    const cost = await memberRemovalCost(db, tenantOf(req).id, p.userId, (r) => views.ROLE_LABEL.get(r as never) ?? r);
    res.render('tenancy/confirm-remove', {
      title: `Fjern ${cost.member.navn}`,
      heading: `Fjerne ${cost.member.navn} fra tjenesten?`,
      lines: cost.lines,
      action: urls.userRemoval(tenantOf(req).slug, p.userId),
      back: urls.users(tenantOf(req).slug),
      button: `Fjern ${cost.member.navn}`,
    });
  });
  r.post('/brukere/:userId/fjern', async (req, res) => {
    const p = paramOr404(userParam, req.params);
    const form = parseForm(confirmSchema, req.body);
    if (!form.ok || !form.data.bekreft) {
      await memberRemovalCost(db, tenantOf(req).id, p.userId, (r) => r); // 404 for someone not a member
      return res.redirect(303, urls.userRemoval(tenantOf(req).slug, p.userId));
    }
    await service.removeMember(db, actorOf(req), p.userId);
    flash(req, 'ok', 'Brukeren er fjernet fra tjenesten.');
    res.redirect(303, urls.users(tenantOf(req).slug));
  });

  return r;
}
