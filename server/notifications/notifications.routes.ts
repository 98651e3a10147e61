import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { parseForm } from '../platform/http/forms.ts';
import { requirePermission } from '../auth/permissions.ts';
import { urls } from '../platform/http/urls.ts';
import { preferencesSchema } from './notifications.schemas.ts';
import { savePreferences } from './notifications.service.ts';
import * as views from './notifications.views.ts';

/** «Varsler»: each user's notifications and switches; the admin's view of the outbox. Mounted under /t/:slug. */
export function notificationRoutes({ db, config }: AppDeps): Router {
  const r = Router();
  r.get('/varsler', async (req, res) => res.render('notifications/index', await views.notificationsPage(db, actorOf(req), config.mail)));
  r.post('/varsler/innstillinger', async (req, res) => {
    const form = parseForm(preferencesSchema, req.body);
    if (!form.ok) return res.status(400).render('notifications/index', await views.notificationsPage(db, actorOf(req), config.mail, form.errors));
    await savePreferences(db, req.user!.id, new Set(form.data.kategori));
    flash(req, 'ok', 'Varselinnstillingene er lagret. De gjelder i alle tjenestene dine.');
    res.redirect(303, urls.notifications(tenantOf(req).slug));
  });
  r.get('/varsler/innstillinger', (req, res) => res.redirect(303, urls.notifications(tenantOf(req).slug)));
  r.get('/varsler/utsending', async (req, res) => {
    requirePermission(actorOf(req), 'mailDelivery');
    res.render('notifications/outbox', await views.outboxPage(db, actorOf(req), config.mail));
  });
  return r;
}
