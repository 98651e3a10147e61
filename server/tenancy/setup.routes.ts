import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { parseForm } from '../platform/http/forms.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { allKommuner } from '../reference/kommuner.ts';
import { SUPPORTED_REGNSKAPSAR, defaultRegnskapsar } from '../reference/regnskapsar.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404 } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { invitationParam, newTjenesteSchema, setupSchema } from './tenancy.schemas.ts';
import { createTjenesteAsInstallationAdmin, slugTaken } from './installation.service.ts';
import { canCreateTjeneste, requirePermission } from '../auth/permissions.ts';
import { answerInvitation, isSetupDone, setupFirstTjeneste } from './tenancy.service.ts';
import { hasInvitations, listInvitationsForUser } from './tenancy.repository.ts';
import { ROLES } from '../auth/permissions.ts';
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
    if (!(await isSetupDone(db))) return res.redirect(303, urls.setup());
    if (!req.user) return res.redirect(303, urls.login());
    const tjenester = req.memberships ?? [];
    // an invitation waiting for an answer is shown on the choice page, so it is not skipped
    if (tjenester.length === 1 && tjenester[0] && !(await hasInvitations(db, req.user.id))) return res.redirect(303, urls.home(tjenester[0].slug));
    res.redirect(303, urls.tjenester());
  });

  r.get('/tjenester', requireLogin, async (req, res) => {
    // the memberships came with the user (loadUser)
    const tjenester = [...(req.memberships ?? [])].sort((a, b) => a.navn.localeCompare(b.navn, 'nb'));
    const label = new Map(ROLES.map((r) => [r.role, r.label]));
    const invitations = (await listInvitationsForUser(db, req.user!.id)).map((i) => ({ ...i, roleLabels: i.roles.map((r) => label.get(r) ?? r).join(', ') }));
    res.render('tenancy/choose', { title: 'Velg tjeneste', tjenester, invitations, canCreate: canCreateTjeneste(req.user!) });
  });

  // «Ny tjeneste»: an installation admin creates a further tjeneste (#14 item 17, installation.service.ts)
  const onlyInstallationAdmin = (req: Request) => requirePermission(req.user!, 'createTjeneste');
  const newPage = (extra: Record<string, unknown>) => page({ title: 'Ny tjeneste', ...extra });
  r.get('/tjenester/ny', requireLogin, async (req, res) => {
    onlyInstallationAdmin(req);
    res.render('tenancy/new', newPage({ values: { regnskapsar: defaultRegnskapsar(clock()) } }));
  });
  r.post('/tjenester/ny', requireLogin, async (req, res) => {
    onlyInstallationAdmin(req);
    const form = parseForm(newTjenesteSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/new', newPage({ errors: form.errors, values: form.values }));
    if (await slugTaken(db, form.data.slug)) {
      return res.status(400).render('tenancy/new', newPage({ errors: { slug: [`Kortnavnet «${form.data.slug}» er allerede i bruk. Velg et annet.`] }, values: req.body }));
    }
    const { tjeneste, user, accountCreated } = await createTjenesteAsInstallationAdmin(db, req.user!, form.data);
    const who =
      user.id === req.user!.id
        ? 'Du er administrator'
        : accountCreated
          ? `${user.email} har fått en ny konto med startpassordet du skrev, og må bytte det ved første innlogging`
          : `${user.email} er administrator`;
    flash(req, 'ok', `${tjeneste.navn} er opprettet. ${who}.`);
    res.redirect(303, user.id === req.user!.id ? urls.home(tjeneste.slug) : urls.tjenester());
  });

  const answer = (accept: boolean) => async (req: Request, res: Response) => {
    const p = paramOr404(invitationParam, req.params);
    const { tjeneste, accepted } = await answerInvitation(db, req.user!, p.tjenesteId, accept);
    if (accepted) {
      flash(req, 'ok', `Du er nå med i ${tjeneste.navn}.`);
      return res.redirect(303, urls.home(tjeneste.slug));
    }
    flash(req, 'info', `Du har avslått invitasjonen fra ${tjeneste.navn}.`);
    res.redirect(303, urls.tjenester());
  };
  r.post('/invitasjoner/:tjenesteId/godta', requireLogin, answer(true));
  r.post('/invitasjoner/:tjenesteId/avslaa', requireLogin, answer(false));

  r.get(urls.setup(), async (_req, res) => {
    if (await isSetupDone(db)) throw new NotFoundError();
    res.render('tenancy/setup', page({ values: { regnskapsar: defaultRegnskapsar(clock()) } }));
  });

  r.post(urls.setup(), async (req, res) => {
    if (await isSetupDone(db)) throw new NotFoundError();
    const form = parseForm(setupSchema, req.body);
    if (!form.ok) return res.status(400).render('tenancy/setup', page({ errors: form.errors, values: form.values }));
    const { tjeneste, user } = await setupFirstTjeneste(db, form.data);
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user.id;
    req.session.flash = [{ kind: 'ok', text: `${tjeneste.navn} er opprettet. Du er administrator.` }];
    res.redirect(303, urls.home(tjeneste.slug));
  });

  return r;
}
