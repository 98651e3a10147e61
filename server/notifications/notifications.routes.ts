import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { manyStrings, parseForm } from '../platform/http/forms.ts';
import { canAdminister, requirePermission } from '../auth/permissions.ts';
import { urls } from '../platform/http/urls.ts';
import { CATEGORIES, CATEGORY_LABEL, myNotifications, outboxOf, savePreferences } from './notifications.service.ts';

const preferencesSchema = z.object({ kategori: manyStrings.pipe(z.array(z.enum(CATEGORIES, { error: 'Ukjent varseltype. Last siden på nytt og prøv igjen.' }))) });
const STATUS_LABEL: Record<string, string> = { venter: 'Venter', sendt: 'Sendt', feilet: 'Feilet', foreldet: 'Ikke sendt (for gammel)' };
const categoryLabel = (c: string) => (CATEGORY_LABEL as Record<string, string>)[c] ?? c;

/** «Varsler»: each user's notifications and switches; the admin's view of the outbox. Mounted under /t/:slug. */
export function notificationRoutes({ db, config }: AppDeps): Router {
  const r = Router();
  const page = async (req: Express.Request, errors?: Record<string, string[] | undefined>) => {
    const { items, categories } = await myNotifications(db, tenantOf(req).id, req.user!.id);
    return {
      title: 'Varsler',
      mailOn: !!config.mail,
      mailFrom: config.mail?.from ?? null,
      isAdmin: canAdminister({ userId: req.user!.id, roles: tenantOf(req).roles }),
      items: items.map((i) => ({ ...i, categoryLabel: categoryLabel(i.category), statusLabel: config.mail ? (STATUS_LABEL[i.status] ?? i.status) : 'Vist her (e-post er ikke satt opp)' })),
      categories,
      errors,
    };
  };
  r.get('/varsler', async (req, res) => res.render('notifications/index', await page(req)));
  r.post('/varsler/innstillinger', async (req, res) => {
    const form = parseForm(preferencesSchema, req.body);
    if (!form.ok) return res.status(400).render('notifications/index', await page(req, form.errors));
    await savePreferences(db, req.user!.id, new Set(form.data.kategori));
    flash(req, 'ok', 'Varselinnstillingene er lagret. De gjelder i alle tjenestene dine.');
    res.redirect(303, urls.notifications(tenantOf(req).slug));
  });
  r.get('/varsler/innstillinger', (req, res) => res.redirect(303, urls.notifications(tenantOf(req).slug)));
  r.get('/varsler/utsending', async (req, res) => {
    requirePermission(actorOf(req), 'mailDelivery');
    const { rows, counts } = await outboxOf(db, tenantOf(req).id);
    res.render('notifications/outbox', {
      title: 'Utsending av e-post',
      mailOn: !!config.mail,
      counts: Object.entries(STATUS_LABEL).map(([s, label]) => ({ status: s, label, n: counts[s] ?? 0 })),
      rows: rows.map((m) => ({ ...m, categoryLabel: categoryLabel(m.category), statusLabel: STATUS_LABEL[m.status] ?? m.status })),
    });
  });
  return r;
}
