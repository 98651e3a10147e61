import { Router } from 'express';
import { urls } from './urls.ts';

/**
 * A refused form is shown again at the address it was posted to (so the user keeps what they typed). Reloading that
 * page, or coming back to it from the history, then asks for the form's address with GET — which has no page of its
 * own. These routes send such a GET to the page the form belongs to instead of a 404. Mounted after every tjeneste
 * router, so a real page at the same address always wins; only the form actions named here are caught.
 */
export function formAddressRoutes(): Router {
  const r = Router({ mergeParams: true });
  const slugOf = (params: object) => String((params as Record<string, unknown>)['slug']);
  r.get('/godkjenning/send', (req, res) => res.redirect(303, urls.review(slugOf(req.params))));
  r.get('/godkjenning/:kommunenummer/:action', (req, res, next) => {
    if (!['send', 'godkjenn', 'avvis'].includes(req.params.action)) return next();
    res.redirect(303, urls.review(slugOf(req.params), { anchor: `k-${encodeURIComponent(req.params.kommunenummer)}` }));
  });
  r.get('/kontering/kommuner/:kommunenummer', (req, res) => {
    const anchor = req.params.kommunenummer === 'bekreft-forslag' ? '' : `k-${encodeURIComponent(req.params.kommunenummer)}`;
    res.redirect(303, urls.mappingKommuner(slugOf(req.params), { anchor }));
  });
  r.get('/innstillinger/postering/:modul', (req, res) => res.redirect(303, urls.posting(slugOf(req.params))));
  r.get('/import/opplasting/:id/:action', (req, res, next) => {
    if (!['lagre', 'avbryt', 'kolonner'].includes(req.params.action)) return next();
    res.redirect(303, urls.importPreview(slugOf(req.params), req.params.id));
  });
  return r;
}
