import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { actorFor, mapAllKommuner, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';
import { upsertMembership } from '../../server/tenancy/tenancy.repository.ts';
import { finalExport } from '../../server/export/export.service.ts';
import { submitForReview } from '../../server/review/review.service.ts';
import { createMeeting } from '../../server/meeting/meeting.service.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import type { Role } from '../../server/platform/roles.ts';
import { uploadAndPreview } from './import-helpers.ts';
import { enumerateRoutes, type RouteInfo } from '../support/routes.ts';
import { definitionFor } from '../../server/registers/registry.ts';

/*
 * The access matrix of the whole app, checked against every route the router actually has.
 * A new route without an entry below fails the first test: add it to TENANT_ROUTES (or OUTSIDE_TENANT) with the
 * roles that may use it, and give its path parameters a value in PARAMS if they are new.
 */

const ROLES: Role[] = ['admin', 'regnskap', 'godkjenner', 'lesetilgang'];
const ALL: Role[] = ROLES;
const EDIT: Role[] = ['admin', 'regnskap']; // canEditRegisters / canEditSettings
const ADMIN: Role[] = ['admin']; // canAdminister
const APPROVE: Role[] = ['godkjenner']; // canApprove

/** Routes under /t/:slug → roles allowed (everyone else in the tjeneste gets 403). */
const TENANT_ROUTES: Record<string, Role[]> = {
  'GET /t/:slug/': ALL,
  'GET /t/:slug/sjekkliste': ALL,
  'GET /t/:slug/tjeneste': ADMIN,
  'POST /t/:slug/tjeneste': ADMIN,
  'GET /t/:slug/tjeneste/nytt-regnskapsar': ADMIN,
  'POST /t/:slug/tjeneste/nytt-regnskapsar': ADMIN,
  'GET /t/:slug/kommuner': ADMIN,
  'POST /t/:slug/kommuner': ADMIN,
  'POST /t/:slug/kommuner/:kommunenummer/fjern': ADMIN,
  'GET /t/:slug/kommuner/:kommunenummer/fjern': ADMIN,
  'GET /t/:slug/brukere/:userId/fjern': ADMIN,
  'POST /t/:slug/kommuner/:kommunenummer/vert': ADMIN,
  'GET /t/:slug/brukere': ADMIN,
  'POST /t/:slug/brukere': ADMIN,
  'POST /t/:slug/brukere/:userId/roller': ADMIN,
  'POST /t/:slug/brukere/:userId/fjern': ADMIN,
  'POST /t/:slug/brukere/:userId/passord': ADMIN,
  'POST /t/:slug/brukere/invitasjoner/:userId/trekk': ADMIN,
  'GET /t/:slug/logg': ALL,
  'GET /t/:slug/kontering/kommuner': ALL,
  'POST /t/:slug/kontering/kommuner/:kommunenummer': EDIT,
  'POST /t/:slug/kontering/kommuner/bekreft-forslag': EDIT,
  'POST /t/:slug/kontering/delt-ansvar': EDIT,
  'POST /t/:slug/kontering/delt-ansvar/fjern': EDIT,
  'GET /t/:slug/kontering/funksjoner': ALL,
  'POST /t/:slug/kontering/funksjoner/bekreft-forslag': EDIT,
  'POST /t/:slug/kontering/funksjoner/:kommunenummer': EDIT,
  'GET /t/:slug/kontering': ALL,
  'GET /t/:slug/koder/:dimensjon': ALL, // the searchable code choosers (registers/code-chooser.ts)
  'GET /t/:slug/kontering/matrise.xlsx': ALL,
  'GET /t/:slug/godkjenning': ALL,
  'POST /t/:slug/godkjenning/send': EDIT,
  'POST /t/:slug/godkjenning/:kommunenummer/send': EDIT,
  'POST /t/:slug/godkjenning/:kommunenummer/godkjenn': APPROVE,
  'POST /t/:slug/godkjenning/:kommunenummer/avvis': APPROVE,
  'GET /t/:slug/innstillinger': ALL,
  'GET /t/:slug/innstillinger/moduler': ALL,
  'POST /t/:slug/innstillinger/moduler': EDIT,
  'GET /t/:slug/innstillinger/postering': ALL,
  'POST /t/:slug/innstillinger/postering': EDIT,
  'POST /t/:slug/innstillinger/postering/erp': EDIT,
  'POST /t/:slug/innstillinger/aga-art': EDIT,
  'POST /t/:slug/innstillinger/postering/:modul': EDIT,
  'GET /t/:slug/innstillinger/autopay': ALL,
  'POST /t/:slug/innstillinger/autopay': EDIT,
  'GET /t/:slug/innstillinger/mva': ALL,
  'POST /t/:slug/innstillinger/mva': EDIT,
  'GET /t/:slug/innstillinger/forhandsvisning': ALL,
  'GET /t/:slug/import': ALL,
  'GET /t/:slug/import/:register': ALL,
  'POST /t/:slug/import/:register': EDIT,
  'GET /t/:slug/import/opplasting/:id': ALL,
  'POST /t/:slug/import/opplasting/:id/lagre': EDIT,
  'POST /t/:slug/import/opplasting/:id/avbryt': EDIT,
  'POST /t/:slug/import/opplasting/:id/kolonner': EDIT,
  'POST /t/:slug/import/opplasting/:id/artsskjema': EDIT,
  'POST /t/:slug/import/opplasting/:id/rett': EDIT,
  'GET /t/:slug/import/opplasting/:id/feilmarkering.xlsx': EDIT,
  'GET /t/:slug/import/:register/mal.xlsx': ALL,
  'GET /t/:slug/import/:register/versjoner': ALL,
  'GET /t/:slug/import/:register/versjoner/:no': ALL,
  'GET /t/:slug/import/:register/versjoner/:no.xlsx': ALL,
  'GET /t/:slug/import/:register/rediger': EDIT,
  'POST /t/:slug/import/:register/rediger': EDIT,
  'GET /t/:slug/import/:register/versjoner/:no/gjenopprett': EDIT,
  'POST /t/:slug/import/:register/versjoner/:no/gjenopprett': EDIT,
  'GET /t/:slug/eksport': ALL,
  'POST /t/:slug/eksport/utkast': EDIT,
  'POST /t/:slug/eksport/endelig': EDIT,
  // a reload of a refused form's address leads back to its page (server/platform/http/form-addresses.ts)
  'GET /t/:slug/godkjenning/send': ALL,
  'GET /t/:slug/godkjenning/:kommunenummer/:action': ALL,
  'GET /t/:slug/kontering/kommuner/:kommunenummer': ALL,
  'GET /t/:slug/innstillinger/postering/:modul': ALL,
  'GET /t/:slug/import/opplasting/:id/:action': ALL,
  'GET /t/:slug/eksport/:no.zip': ALL,
  'GET /t/:slug/eksport/sammenlign': ALL,
  'GET /t/:slug/sporsmal': ALL,
  'POST /t/:slug/sporsmal': EDIT,
  'POST /t/:slug/sporsmal/:sporsmal': EDIT,
  'GET /t/:slug/moter': ALL,
  'POST /t/:slug/moter': EDIT,
  'GET /t/:slug/moter/:moteId': ALL,
  'POST /t/:slug/moter/:moteId': EDIT,
  'GET /t/:slug/moter/:moteId/referat.docx': ALL,
  'GET /t/:slug/varsler': ALL,
  'POST /t/:slug/varsler/innstillinger': ALL, // each user's own switches
  'GET /t/:slug/varsler/innstillinger': ALL,
  'GET /t/:slug/varsler/utsending': ADMIN,
  'POST /t/:slug/moter/:moteId/punkter': EDIT,
  'POST /t/:slug/moter/:moteId/punkter/:punktId': EDIT,
  'POST /t/:slug/sjekkliste/notater': EDIT,
  // a reload of a refused form's address leads back to its page
  'GET /t/:slug/sporsmal/:sporsmal': ALL,
  'GET /t/:slug/moter/:moteId/punkter': ALL,
  'GET /t/:slug/moter/:moteId/punkter/:punktId': ALL,
  'GET /t/:slug/sjekkliste/notater': ALL,
};

/** Routes outside a tjeneste, listed explicitly: public ones answer without a session, the rest send you to log in. */
const OUTSIDE_TENANT: Record<string, 'public' | 'login'> = {
  'GET /helse': 'public',
  'GET /': 'public', // redirects to /oppsett, /logg-inn or the user's tjeneste
  'GET /oppsett': 'public', // first-run setup (404 once done)
  'POST /oppsett': 'public',
  'GET /logg-inn': 'public',
  'POST /logg-inn': 'public',
  'POST /logg-ut': 'login',
  'GET /tjenester': 'login',
  'GET /tjenester/ny': 'login', // and only for an installation admin (new-tjeneste.test.ts)
  'POST /tjenester/ny': 'login',
  'GET /passord': 'login',
  'POST /passord': 'login',
  'POST /invitasjoner/:tjenesteId/godta': 'login', // the signed-in user's own invitations only (tenancy.test.ts)
  'POST /invitasjoner/:tjenesteId/avslaa': 'login',
};

/** GET routes that answer with a redirect to a page rather than a page of their own. */
const REDIRECTS = new Set([
  'GET /t/:slug/import/:register',
  'GET /t/:slug/godkjenning/send',
  'GET /t/:slug/godkjenning/:kommunenummer/:action',
  'GET /t/:slug/kontering/kommuner/:kommunenummer',
  'GET /t/:slug/innstillinger/postering/:modul',
  'GET /t/:slug/import/opplasting/:id/:action',
  'GET /t/:slug/sporsmal/:sporsmal',
  'GET /t/:slug/moter/:moteId/punkter',
  'GET /t/:slug/moter/:moteId/punkter/:punktId',
  'GET /t/:slug/sjekkliste/notater',
  'GET /t/:slug/varsler/innstillinger',
]);

/** Mounted middleware that is not a route but serves files without a session. */
const PUBLIC_MOUNTS = ['/static'];

/** Query strings some routes need to reach their handler's real work. */
const QUERY: Record<string, string> = { 'GET /t/:slug/eksport/sammenlign': 'a=1&b=1' };

/** A route's parameters for one tjeneste; `id` is a fresh pending import each time (saving or cancelling consumes it). */
interface Fixture {
  t: TestTjeneste;
  pendingId: () => Promise<string>;
  meeting: { id: number; itemId: number };
}
const PARAMS: Record<string, (f: Fixture, route: string) => string | Promise<string>> = {
  slug: (f) => f.t.slug,
  // removing Vestvågøy would take the kommune the review routes use away; the removal route gets Moskenes
  kommunenummer: (_f, route) => (route.endsWith('/fjern') ? '1874' : '1860'),
  userId: (f) => String(f.t.users.regnskap2.id),
  register: () => 'kontoplan',
  dimensjon: () => 'ansvar',
  no: () => '1', // register version 1 and export no. 1
  modul: () => 'okonomi',
  id: (f) => f.pendingId(),
  action: (_f, route) => (route.includes('/import/') ? 'kolonner' : 'avvis'),
  tjenesteId: (f) => String(f.t.id),
  sporsmal: () => 'autopay', // raised: Autopay is not decided in the prepared tjeneste
  moteId: (f) => String(f.meeting.id),
  punktId: (f) => String(f.meeting.itemId),
};

async function fillPath(route: RouteInfo, f: Fixture): Promise<string> {
  let url = route.path;
  for (const m of route.path.matchAll(/:([A-Za-z_]+)/g)) {
    const name = m[1]!;
    const fill = PARAMS[name];
    if (!fill) throw new Error(`No value for :${name} in ${route.key}. Add one to PARAMS in test/integration/access.test.ts.`);
    url = url.replace(`:${name}`, encodeURIComponent(await fill(f, route.key)));
  }
  const q = QUERY[route.key];
  return q ? `${url}?${q}` : url;
}

let ctx: TestContext;
let routes: RouteInfo[];
let mounts: string[];
const tenantRoutes = () => routes.filter((r) => r.path.startsWith('/t/:slug'));
const stateChanging = (r: RouteInfo) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);

/** A tjeneste with approved registers and mapping, final export no. 1 and register versions 1. */
async function preparedTjeneste(): Promise<Fixture> {
  const t = await createTjeneste(ctx.db);
  await prepareApprovedKodeverk(ctx.db, t);
  const exp = await finalExport(ctx.db, actorFor(t, t.users.regnskap));
  expect(exp.exportNo).toBe(1);
  const uploader = await loginAgent(ctx.app, t.users.regnskap.email);
  const token = await uploader.csrf();
  const file = await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan().slice(0, 5));
  const pendingId = async () => {
    const { location } = await uploadAndPreview(uploader.agent, t.slug, 'kontoplan', file, 'kontoplan.xlsx', token);
    return location.split('/').pop()!;
  };
  const meetingId = await createMeeting(ctx.db, actorFor(t, t.users.admin), { dato: '2026-12-01', tittel: 'Kodeverkdag', deltakere: null }, '2026-12-01');
  const item = await ctx.db.selectFrom('meeting_item').select('id').where('meeting_id', '=', meetingId).orderBy('id').executeTakeFirstOrThrow();
  return { t, pendingId, meeting: { id: meetingId, itemId: item.id } };
}

/**
 * Sends a route's request: a state-changing one with the token (or without when csrf is null). Forms go empty, so a
 * role the matrix refuses must be refused before its form is read: 403, never a 400 with the form's messages.
 */
function send(agent: Agent | request.Agent, route: RouteInfo, url: string, csrf: string | null) {
  const m = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  if (!stateChanging(route)) return agent.get(url);
  if (route.key === 'POST /t/:slug/import/:register') {
    // the upload form is multipart and carries the token as its first field
    const req = agent.post(url);
    return (csrf === null ? req : req.field('_csrf', csrf)).field('x', '1');
  }
  return agent[m](url)
    .type('form')
    .send(csrf === null ? {} : { _csrf: csrf });
}

beforeAll(async () => {
  ctx = await createTestContext();
  ({ routes, mounts } = enumerateRoutes(ctx.app));
});
afterAll(() => ctx.close());

describe('access: every route of the router', () => {
  it('when the router is walked, then every route is found and each has an entry in the access matrix', () => {
    // A broken walker must fail loudly rather than check nothing.
    expect(routes.length).toBeGreaterThanOrEqual(55);
    expect(tenantRoutes().length).toBeGreaterThanOrEqual(47);
    const known = new Set([...Object.keys(TENANT_ROUTES), ...Object.keys(OUTSIDE_TENANT)]);
    const missing = routes.filter((r) => !known.has(r.key)).map((r) => r.key);
    expect(missing, `These routes have no entry in the access matrix: add them to TENANT_ROUTES (roles allowed) or OUTSIDE_TENANT in test/integration/access.test.ts`).toEqual([]);
    const found = new Set(routes.map((r) => r.key));
    const stale = [...known].filter((k) => !found.has(k));
    expect(stale, 'These matrix entries match no route any more: remove or rename them').toEqual([]);
    expect(mounts.filter((m) => !m.startsWith('/t/:slug'))).toEqual(PUBLIC_MOUNTS);
  });

  it('when nobody is logged in, then every page under a tjeneste redirects to login and every change is refused', async () => {
    const f = await preparedTjeneste();
    const anon = request(ctx.app);
    const failures: string[] = [];
    for (const route of [...tenantRoutes(), ...routes.filter((r) => OUTSIDE_TENANT[r.key] === 'login')]) {
      const url = await fillPath(route, f);
      const res = await send(anon as unknown as Agent, route, url, null);
      if (route.method === 'GET') {
        if (res.status !== 303 || !String(res.headers.location).startsWith('/logg-inn')) failures.push(`${route.key} → ${res.status} ${res.headers.location ?? ''}`);
      } else if (!(res.status === 403 || (res.status === 303 && String(res.headers.location).startsWith('/logg-inn')))) failures.push(`${route.key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    // the public ones answer without a session
    for (const key of Object.keys(OUTSIDE_TENANT).filter((k) => OUTSIDE_TENANT[k] === 'public' && k.startsWith('GET'))) {
      const res = await anon.get(key.slice(4));
      expect(res.status, key).toBeLessThan(400 + (key === 'GET /oppsett' ? 5 : 0)); // /oppsett is a 404 once set up
    }
    expect((await anon.get('/static/app.css')).status).toBe(200);
  }, 120_000);

  it('when a user of another tjeneste (with every role there) asks for any route of this one, then it is a 404', async () => {
    const f = await preparedTjeneste();
    const other = await createTjeneste(ctx.db);
    await upsertMembership(ctx.db, other.id, other.users.admin.id, ROLES);
    const { agent, csrf } = await loginAgent(ctx.app, other.users.admin.email);
    const token = await csrf();
    const failures: string[] = [];
    for (const route of tenantRoutes()) {
      const res = await send(agent, route, await fillPath(route, f), token);
      if (res.status !== 404) failures.push(`${route.key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('when each role uses each route of its own tjeneste, then it is allowed or refused with 403 exactly as the matrix says', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      // a tjeneste per role, so one role's changes (approvals, removals) cannot decide another's answer
      const f = await preparedTjeneste();
      const { agent, csrf } = await loginAgent(ctx.app, f.t.users[role].email);
      const token = await csrf();
      for (const route of tenantRoutes()) {
        const allowed = TENANT_ROUTES[route.key]!.includes(role);
        const res = await send(agent, route, await fillPath(route, f), token);
        if (!allowed && res.status !== 403) failures.push(`${role} ${route.key}: expected 403, got ${res.status}`);
        const ok = REDIRECTS.has(route.key) ? 303 : 200;
        if (allowed && route.method === 'GET' && res.status !== ok) failures.push(`${role} ${route.key}: expected ${ok}, got ${res.status}`);
        // allowed changes may still be refused on their content (400/409), but never as forbidden, missing or broken
        if (allowed && route.method !== 'GET' && (res.status === 403 || res.status === 404 || res.status >= 500)) failures.push(`${role} ${route.key}: expected to be allowed, got ${res.status}`);
        if (res.status >= 500 || /at .+\.ts:\d+/.test(res.text ?? '')) failures.push(`${role} ${route.key}: server error or stack trace`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // every route × every role, each on its own prepared tjeneste

  it('when any state-changing route is sent without the CSRF token, then it is refused with 403 and nothing is done', async () => {
    const f = await preparedTjeneste();
    await upsertMembership(ctx.db, f.t.id, f.t.users.admin.id, ROLES);
    const { agent } = await loginAgent(ctx.app, f.t.users.admin.email);
    const changing = routes.filter(stateChanging);
    expect(changing.length).toBeGreaterThanOrEqual(25);
    const auditBefore = await ctx.db.selectFrom('audit_log').select('id').where('tjeneste_id', '=', f.t.id).execute();
    const failures: string[] = [];
    for (const route of changing) {
      const res = await send(agent, route, await fillPath(route, f), null);
      if (res.status !== 403 || !res.text.includes('Skjemaet var utløpt')) failures.push(`${route.key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    // no refused request wrote anything (uploading a file for a preview is not audited: nothing is saved yet)
    const seen = new Set(auditBefore.map((a) => String(a.id)));
    const auditAfter = (await ctx.db.selectFrom('audit_log').select(['id', 'action']).where('tjeneste_id', '=', f.t.id).execute()).filter((a) => !seen.has(String(a.id)));
    expect(auditAfter).toEqual([]);
  }, 120_000);
});

describe('access: refused before the form is read', () => {
  it("when a role that may not make a change sends an invalid form for it, then it is 403 (not the form's messages) and nothing changes", async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    await submitForReview(ctx.db, actorFor(t, t.users.regnskap), 'alle');
    const regnskap = await loginAgent(ctx.app, t.users.regnskap.email);
    const godkjenner = await loginAgent(ctx.app, t.users.godkjenner.email);
    const file = await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan().slice(0, 5));
    const { location } = await uploadAndPreview(regnskap.agent, t.slug, 'kontoplan', file, 'kontoplan.xlsx', await regnskap.csrf());
    const base = `/t/${t.slug}`;
    // each form is invalid: the mapping and the column choice empty, a rejection without a comment, an approval with too long a one
    const cases: { url: string; body: Record<string, string>; refused: Role[]; allowed: { agent: Agent; csrf: () => Promise<string> } }[] = [
      { url: `${base}/kontering/kommuner/1859`, body: {}, refused: ['lesetilgang', 'godkjenner'], allowed: regnskap },
      { url: `${location}/kolonner`, body: {}, refused: ['lesetilgang', 'godkjenner'], allowed: regnskap },
      { url: `${base}/godkjenning/1859/avvis`, body: {}, refused: ['lesetilgang', 'regnskap'], allowed: godkjenner },
      { url: `${base}/godkjenning/1859/godkjenn`, body: { kommentar: 'x'.repeat(1001) }, refused: ['lesetilgang', 'regnskap'], allowed: godkjenner },
    ];
    const state = async () => ({
      mapping: await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', t.id).orderBy('kommunenummer').execute(),
      review: await ctx.db.selectFrom('kommune_review').selectAll().where('tjeneste_id', '=', t.id).orderBy('kommunenummer').execute(),
      pending: await ctx.db.selectFrom('pending_import').select(['id', 'status', 'rows_read', 'updated_at']).where('tjeneste_id', '=', t.id).execute(),
      columns: await ctx.db.selectFrom('column_mapping').selectAll().where('tjeneste_id', '=', t.id).execute(),
      audit: await ctx.db.selectFrom('audit_log').select('id').where('tjeneste_id', '=', t.id).execute(),
    });
    const before = await state();
    expect(before.review.map((r) => r.status)).toEqual(['til_godkjenning', 'til_godkjenning', 'til_godkjenning']);
    expect(before.pending).toHaveLength(1);

    const failures: string[] = [];
    for (const c of cases) {
      for (const role of c.refused) {
        const { agent, csrf } = await loginAgent(ctx.app, t.users[role].email);
        const res = await agent
          .post(c.url)
          .type('form')
          .send({ ...c.body, _csrf: await csrf() });
        if (res.status !== 403 || !res.text.includes('Bare ')) failures.push(`${role} ${c.url}: expected 403, got ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await state()).toEqual(before);

    // the same forms from a role that may make the change are refused on their content: the 403s above came first
    for (const c of cases) {
      const res = await c.allowed.agent
        .post(c.url)
        .type('form')
        .send({ ...c.body, _csrf: await c.allowed.csrf() });
      expect(res.status, c.url).toBe(400);
    }
  }, 120_000);
});
