import { Router } from 'express';

/**
 * A refused form is shown again at the address it was posted to (so the user keeps what they typed). Reloading that
 * page, or coming back to it from the history, then asks for the form's address with GET — which has no page of its
 * own. These routes send such a GET to the page the form belongs to instead of a 404. Mounted after every tjeneste
 * router, so a real page at the same address always wins; only the form actions named here are caught.
 */
export function formAddressRoutes(): Router {
  const r = Router({ mergeParams: true });
  const base = (params: object) => `/t/${String((params as Record<string, unknown>)['slug'])}`;
  r.get('/godkjenning/send', (req, res) => res.redirect(303, `${base(req.params)}/godkjenning`));
  r.get('/godkjenning/:kommunenummer/:action', (req, res, next) => {
    if (!['send', 'godkjenn', 'avvis'].includes(req.params.action)) return next();
    res.redirect(303, `${base(req.params)}/godkjenning#k-${encodeURIComponent(req.params.kommunenummer)}`);
  });
  r.get('/kontering/kommuner/:kommunenummer', (req, res) => {
    const anchor = req.params.kommunenummer === 'bekreft-forslag' ? '' : `#k-${encodeURIComponent(req.params.kommunenummer)}`;
    res.redirect(303, `${base(req.params)}/kontering/kommuner${anchor}`);
  });
  r.get('/innstillinger/postering/:modul', (req, res) => res.redirect(303, `${base(req.params)}/innstillinger/postering`));
  r.get('/import/opplasting/:id/:action', (req, res, next) => {
    if (!['lagre', 'avbryt', 'kolonner'].includes(req.params.action)) return next();
    res.redirect(303, `${base(req.params)}/import/opplasting/${encodeURIComponent(req.params.id)}`);
  });
  return r;
}
