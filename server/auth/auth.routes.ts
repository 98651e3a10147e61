import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { parseForm } from '../platform/http/forms.ts';
import { authenticate, LoginThrottledError } from './auth.service.ts';
import { loginSchema, safeNext } from './auth.schemas.ts';

export function authRoutes({ db, config }: AppDeps): Router {
  const r = Router();

  r.get('/logg-inn', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('auth/login', { title: 'Logg inn', values: { neste: safeNext(req.query.neste) } });
  });

  r.post('/logg-inn', async (req, res) => {
    const form = parseForm(loginSchema, req.body);
    if (!form.ok) return res.status(400).render('auth/login', { title: 'Logg inn', errors: form.errors, values: form.values });
    let user;
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

  r.post('/logg-ut', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie('kodeverk.sid');
    res.redirect(303, '/logg-inn');
  });

  return r;
}
