import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { renderKodeverkPage } from '../platform/http/page-cache.ts';
import { approveSchema, kommuneParam, rejectSchema } from './review.schemas.ts';
import * as service from './review.service.ts';
import * as views from './review.views.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';

/** «Godkjenning»: regnskap sends kommuner for review; the godkjenner approves or rejects each. Mounted under /t/:slug. */
export function reviewRoutes({ db }: AppDeps): Router {
  const r = Router();
  const back = (req: Express.Request, nr?: string) => urls.review(tenantOf(req).slug, { anchor: nr ? `k-${nr}` : '' });
  const kommune = (req: Express.Request & { params: unknown }) => paramOr404(kommuneParam, req.params).kommunenummer;

  const page = async (req: Express.Request, override?: views.ReviewPageOverride) => views.reviewPage(await kodeverkStateOf(db, tenantOf(req)), actorOf(req), override);

  r.get('/godkjenning', async (req, res) => {
    await renderKodeverkPage(req, res, 'review/index', () => page(req));
  });

  r.post('/godkjenning/send', async (req, res) => {
    const { sent, skipped } = await service.submitForReview(db, actorOf(req), 'alle');
    if (sent.length) flash(req, 'ok', `Sendt til godkjenning: ${sent.join(', ')}.`);
    if (skipped.length) flash(req, 'info', `Ikke sendt: ${skipped.join(', ')}.`);
    res.redirect(303, back(req));
  });

  r.post('/godkjenning/:kommunenummer/send', async (req, res) => {
    const nr = kommune(req);
    const { sent } = await service.submitForReview(db, actorOf(req), nr);
    flash(req, 'ok', `${sent.join(', ')} er sendt til godkjenning.`);
    res.redirect(303, back(req, nr));
  });

  r.post('/godkjenning/:kommunenummer/godkjenn', async (req, res) => {
    const nr = kommune(req);
    requirePermission(actorOf(req), 'decideReview'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(approveSchema, req.body);
    if (!form.ok) return res.status(400).render('review/index', await page(req, { kommunenummer: nr, ...form }));
    const outcome = await service.approveKommune(db, actorOf(req), nr, { comment: form.data.kommentar, seenHash: form.data.hash });
    if (!outcome.ok) return res.status(409).render('review/index', await page(req, { kommunenummer: nr, changed: outcome.message }));
    flash(req, 'ok', `${outcome.navn} er godkjent.`);
    res.redirect(303, back(req, nr));
  });

  r.post('/godkjenning/:kommunenummer/avvis', async (req, res) => {
    const nr = kommune(req);
    requirePermission(actorOf(req), 'decideReview'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(rejectSchema, req.body);
    if (!form.ok) return res.status(400).render('review/index', await page(req, { kommunenummer: nr, ...form }));
    const { navn } = await service.rejectKommune(db, actorOf(req), nr, form.data.kommentar);
    flash(req, 'ok', `${navn} er avvist. Lønn og regnskap ser kommentaren din.`);
    res.redirect(303, back(req, nr));
  });

  return r;
}
