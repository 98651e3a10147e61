import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { passwordProblem } from '../../server/auth/password-policy.ts';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';
import type { DatabaseHandle } from '../../server/platform/db/database.ts';
import type { Express } from 'express';

let handle: DatabaseHandle;
/** behind one trusted proxy (the test is the proxy): X-Forwarded-For's last entry is the client's address */
let proxied: Express;
/** no proxy configured: X-Forwarded-For means nothing */
let direct: Express;
beforeAll(async () => {
  handle = await createTestDatabase();
  proxied = buildApp(handle.db, { trustProxy: 1, loginMaxAttempts: 10 });
  direct = buildApp(handle.db, { trustProxy: false, loginMaxAttempts: 10 });
});
afterAll(() => handle.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function attempt(app: Express, email: string, password: string, forwardedFor?: string) {
  const agent = request.agent(app);
  const token = csrfFrom((await agent.get('/logg-inn')).text);
  const req = agent.post('/logg-inn').type('form');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, passord: password, _csrf: token });
}

describe('login throttling', () => {
  it('when 40 wrong guesses for one account arrive in parallel from one address, then exactly the limit (10) is evaluated and the rest refused with 429 and Retry-After', async () => {
    const t = await createTjeneste(handle.db);
    // every guess gets its form first, then all 40 are sent at once
    const forms = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const agent = request.agent(proxied);
        return { agent, token: csrfFrom((await agent.get('/logg-inn')).text) };
      }),
    );
    const answers = await Promise.all(
      forms.map(({ agent, token }, i) =>
        agent
          .post('/logg-inn')
          .type('form')
          .set('X-Forwarded-For', '198.51.100.7')
          .send({ email: t.users.admin.email, passord: `gjetning-nummer-${i}`, _csrf: token }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.text).toContain('For mange mislykkede innlogginger');
  });

  it('when a guesser has used up an account from its address, then the owner logs in at once from another address, and from the same address after the short backoff (no 15-minute lockout)', async () => {
    const t = await createTjeneste(handle.db);
    for (let i = 0; i < 10; i++) expect((await attempt(proxied, t.users.regnskap.email, `feil-passord-${i}`, '198.51.100.8')).status).toBe(401);
    // the guesser's next try waits; the right password from there waits too (no oracle)
    const waiting = await attempt(proxied, t.users.regnskap.email, PASSWORD, '198.51.100.8');
    expect(waiting.status).toBe(429);
    expect((await attempt(proxied, t.users.regnskap.email, PASSWORD, '203.0.113.20')).status).toBe(303);
    // the owner's login elsewhere does not give the guesser a new budget
    const guesser = await handle.db.selectFrom('login_throttle').select('attempts').where('key', '=', `konto+adresse:${t.users.regnskap.email}|198.51.100.8`).executeTakeFirst();
    expect(guesser?.attempts).toBeGreaterThanOrEqual(10);
    await sleep(Number(waiting.headers['retry-after']) * 1000 + 200);
    expect((await attempt(proxied, t.users.regnskap.email, PASSWORD, '198.51.100.8')).status).toBe(303);
  });

  it('when the backoff is exceeded again, then the wait doubles', async () => {
    const t = await createTjeneste(handle.db);
    for (let i = 0; i < 10; i++) await attempt(proxied, t.users.godkjenner.email, `feil-${i}-passord`, '198.51.100.9');
    const first = Number((await attempt(proxied, t.users.godkjenner.email, 'x-feil-passord', '198.51.100.9')).headers['retry-after']);
    await sleep(first * 1000 + 200);
    expect((await attempt(proxied, t.users.godkjenner.email, 'y-feil-passord', '198.51.100.9')).status).toBe(401);
    const second = Number((await attempt(proxied, t.users.godkjenner.email, 'z-feil-passord', '198.51.100.9')).headers['retry-after']);
    expect(second).toBeGreaterThanOrEqual(first * 2);
  });

  it('when no proxy is configured, then X-Forwarded-For is ignored: a new forged address per guess gains nothing', async () => {
    const t = await createTjeneste(handle.db);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(direct, t.users.lesetilgang.email, `feil-passord-${i}`, `192.0.2.${i + 1}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('when one proxy hop is trusted, then a client that prepends its own X-Forwarded-For entries cannot choose its address', async () => {
    const t = await createTjeneste(handle.db);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(proxied, t.users.regnskap2.email, `feil-passord-${i}`, `10.9.9.${i + 1}, 198.51.100.50`)).status);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('trusted proxy configuration', () => {
  it('when TRUST_PROXY is true, then the app refuses to start and says what to write instead; hop counts and address lists are taken', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/antall proxyer/);
    expect(() => loadConfig({ TRUST_PROXY: 'hvem som helst' })).toThrow(/verken et antall/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.0.1.0/24', 'loopback']);
  });
});

describe('weak passwords', () => {
  it('when a password is short, blank, common or a run, then it is refused with a reason; a long unusual one is taken', () => {
    for (const weak of ['            ', 'kort', 'passord12345', 'Passord2026!', 'Sommer2026!!', '123456789012', 'aaaaaaaaaaaaaa', 'qwertyuiopå', 'abcdefghijkl', '   passord   ']) {
      expect(passwordProblem(weak), weak).not.toBeNull();
    }
    expect(passwordProblem('ola.nordmann1', { email: 'ola.nordmann1@x.no' })).not.toBeNull();
    for (const ok of [PASSWORD, 'et-langt-passord', 'hest batteri stift korrekt']) expect(passwordProblem(ok), ok).toBeNull();
  });

  it('when an admin sets a start password of 12 spaces or a common one, then the form refuses it with the reason', async () => {
    const t = await createTjeneste(handle.db);
    const { agent, csrf } = await loginAgent(direct, t.users.admin.email);
    for (const passord of ['            ', 'Passord2026!']) {
      const res = await agent
        .post(`/t/${t.slug}/brukere`)
        .type('form')
        .send({ navn: 'Ny Bruker', email: `ny-${t.slug}@x.no`, roller: 'regnskap', passord, _csrf: await csrf() });
      expect(res.status, passord).toBe(400);
      expect(res.text).toMatch(/minst 12 tegn|prøves først/);
    }
  });
});
