import { Router } from 'express';
import { urls } from '../platform/http/urls.ts';
import type { AppDeps } from '../platform/deps.ts';
import { parseForm } from '../platform/http/forms.ts';
import { authenticate, changeOwnPassword, LoginThrottledError } from './auth.service.ts';
import { changePasswordSchema, loginSchema, safeNext } from './auth.schemas.ts';
import { requireLogin } from './auth.middleware.ts';
import { flash } from '../platform/http/flash.ts';

export function authRoutes({ db, config }: AppDeps): Router {
  const r = Router();

  r.get('/logg-inn', (req, res) => {
    if (req.user) return res.redirect(303, urls.start());
    res.render('auth/login', { title: 'Logg inn', values: { neste: safeNext(req.query.neste) } });
  });

  r.post('/logg-inn', async (req, res) => {
    const form = parseForm(loginSchema, req.body);
    if (!form.ok) return res.status(400).render('auth/login', { title: 'Logg inn', errors: form.errors, values: form.values });
    let user: Awaited<ReturnType<typeof authenticate>>;
    try {
      user = await authenticate(db, { email: form.data.email, password: form.data.passord, ip: req.ip ?? 'ukjent' }, config.loginMaxAttempts);
    } catch (err) {
      if (!(err instanceof LoginThrottledError)) throw err;
      res.set('Retry-After', String(err.retryAfterSeconds));
      return res.status(429).render('auth/login', { title: 'Logg inn', formError: err.message, values: { email: form.data.email, neste: form.data.neste } });
    }
    if (!user) {
      return res.status(401).render('auth/login', { title: 'Logg inn', formError: 'Feil e-post eller passord.', values: { email: form.data.email, neste: form.data.neste } });
    }
    // A new session id at login prevents session fixation.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user.id;
    res.redirect(303, safeNext(form.data.neste));
  });

  // «Bytt passord»: for everyone signed in; the only page a user with a start password can open until it is replaced
  const passwordPage = (req: Express.Request, extra: { errors?: Record<string, string[] | undefined> } = {}) => ({
    title: 'Bytt passord',
    mustChange: req.user!.mustChangePassword,
    ...extra,
  });
  r.get('/passord', requireLogin, (req, res) => {
    res.render('auth/password', passwordPage(req));
  });
  r.post('/passord', requireLogin, async (req, res) => {
    const form = parseForm(changePasswordSchema, req.body);
    if (!form.ok) return res.status(400).render('auth/password', passwordPage(req, { errors: form.errors }));
    const refused = await changeOwnPassword(db, req.user!, form.data, req.sessionID);
    if (refused) return res.status(400).render('auth/password', passwordPage(req, { errors: { [refused.field]: [refused.message] } }));
    flash(req, 'ok', 'Passordet er byttet. Andre steder du var logget inn, er du nå logget ut.');
    res.redirect(303, urls.start());
  });

  r.post('/logg-ut', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie('kodeverk.sid');
    res.redirect(303, urls.login());
  });

  return r;
}
