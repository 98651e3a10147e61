import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { actorFor, approveAsShown, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { lofotenLonnsarter } from '../support/registers.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { finalExport } from '../../server/export/export.service.ts';
import { submitForReview } from '../../server/review/review.service.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';

/**
 * Every link the app renders must resolve. For each role, a filled tjeneste (registers in two versions, mapping,
 * approvals, two final exports, an open import preview) is walked from the start page: every same-origin href on
 * every page is requested, and each must answer 200 or a redirect — never 404 or 500.
 */
let ctx: TestContext;
let t: TestTjeneste;
beforeAll(async () => {
  ctx = await createTestContext();
  t = await createTjeneste(ctx.db);
  await prepareApprovedKodeverk(ctx.db, t);
  const who = actorFor(t, t.users.regnskap);
  await finalExport(ctx.db, who);
  await ctx.db
    .transaction()
    .execute((trx) =>
      insertRegisterVersion(trx, { tjenesteId: t.id, register: 'lonnsarter', fileName: 'lonnsarter-2.xlsx', counts: {}, warnings: [], createdBy: null }, [
        ...lofotenLonnsarter(),
        { kode: '2040', navn: 'Tilsynsfører', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      ]),
    );
  await submitForReview(ctx.db, who, 'alle');
  for (const nr of ['1860', '1859', '1874']) await approveAsShown(ctx.db, t, nr, null);
  await finalExport(ctx.db, who);
  // An open preview with an error, so the preview page and its download are on the walk too.
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  const file = await buildWorkbook([
    {
      name: 'Art',
      rows: [
        ['Kode', 'Navn'],
        ['10100', 'Fastlønn'],
        ['', 'Uten kode'],
      ],
    },
  ]);
  const upload = await agent
    .post(`/t/${t.slug}/import/kontoplan`)
    .field('_csrf', await csrf())
    .attach('fil', file, 'kontoplan-feil.xlsx');
  expect(upload.status).toBe(303);
}, 120_000);
afterAll(() => ctx.close());

const HREF = /href="([^"#]*)(?:#[^"]*)?"/g;
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"');

async function walk(agent: Agent, start: string, limit: number): Promise<{ visited: number; broken: string[] }> {
  const queue = [start];
  const seen = new Set(queue);
  const broken: string[] = [];
  let visited = 0;
  while (queue.length > 0 && visited < limit) {
    const url = queue.shift() as string;
    const res = await agent.get(url).redirects(0);
    visited++;
    if (![200, 302, 303].includes(res.status)) {
      broken.push(`${url} → ${res.status}`);
      continue;
    }
    if (res.status !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    for (const m of res.text.matchAll(HREF)) {
      const href = decode(m[1] ?? '');
      if (href === '' || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/static/')) continue;
      // version and row pages multiply with the data; one of each kind is enough
      const key = href.replace(/\/versjoner\/\d+/, '/versjoner/N').replace(/side=\d+/, 'side=N');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(href);
    }
  }
  return { visited, broken };
}

describe('links', () => {
  for (const role of ['admin', 'regnskap', 'godkjenner', 'lesetilgang'] as const) {
    it(`when ${role} follows every link on every page, then none is broken`, async () => {
      const { agent } = await loginAgent(ctx.app, t.users[role].email);
      const { visited, broken } = await walk(agent, `/t/${t.slug}`, 400);
      expect(broken).toEqual([]);
      // the walk really reached the app's pages, not just the start page
      expect(visited).toBeGreaterThan(15);
    }, 120_000);
  }
});

describe('addresses of refused forms', () => {
  it('when a form address is reloaded with GET, then it leads back to the page of that form, not to a 404', async () => {
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const base = `/t/${t.slug}`;
    const cases: [string, string][] = [
      [`${base}/import/kontoplan`, `${base}/import#r-kontoplan`],
      [`${base}/godkjenning/1859/avvis`, `${base}/godkjenning#k-1859`],
      [`${base}/godkjenning/send`, `${base}/godkjenning`],
      [`${base}/kontering/kommuner/1874`, `${base}/kontering/kommuner#k-1874`],
      [`${base}/innstillinger/postering/lonn`, `${base}/innstillinger/postering`],
    ];
    for (const [url, page] of cases) {
      const res = await agent.get(url).redirects(0);
      expect(res.status, url).toBe(303);
      expect(res.headers.location, url).toBe(page);
    }
    // only the form actions are caught: an unknown address is still a 404
    expect((await agent.get(`${base}/godkjenning/1859/slett`)).status).toBe(404);
  });
});
