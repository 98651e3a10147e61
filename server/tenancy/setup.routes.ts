import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { parseForm } from '../platform/http/forms.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { allKommuner } from '../reference/kommuner.ts';
import { SUPPORTED_REGNSKAPSAR, defaultRegnskapsar } from '../reference/regnskapsar.ts';
import { setupSchema } from './tenancy.schemas.ts';
import { isSetupDone, setupFirstTjeneste } from './tenancy.service.ts';
import { requireLogin } from '../auth/auth.middleware.ts';

export function setupRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const page = (extra: Record<string, unknown>) => ({
    title: 'Oppsett av barneverntjenesten',
    kommuner: allKommuner(),
    years: SUPPORTED_REGNSKAPSAR,
    ...extra,
  });

  r.get('/', async (req, res) => {
    if (!(await isSetupDone(db))) return res.redirect(303, '/oppsett');
    if (!req.user) return res.redirect(303, '/logg-inn');
    const tjenester = req.memberships ?? [];
    if (tjenester.length === 1 && tjenester[0]) return res.redirect(303, `/t/${tjenester[0].slug}`);
    res.redirect(303, '/tjenester');
  });

  r.get('/tjenester', requireLogin, async (req, res) => {
    // the memberships came with the user (loadUser)
    const tjenester = [...(req.memberships ?? [])].sort((a, b) => a.navn.localeCompare(b.navn, 'nb'));
    res.render('tenancy/choose', { title: 'Velg tjeneste', tjenester });
  });

  r.get('/oppsett', async (_req, res) => {
    if (await isSetupDone(db)) throw new NotFoundError();
    res.render('tenancy/setup', page({ values: { regnskapsar: defaultRegnskapsar(clock()) } }));
  });

  r.post('/oppsett', async (req, res) => {
    if (await isSetupDone(db)) throw new NotFoundError();
    const form = parseForm(setupSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/setup', page({ errors: form.errors, values: form.values }));
    const { tjeneste, user } = await setupFirstTjeneste(db, form.data);
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user.id;
    req.session.flash = [{ kind: 'ok', text: `${tjeneste.navn} er opprettet. Du er administrator.` }];
    res.redirect(303, `/t/${tjeneste.slug}`);
  });

  return r;
}
