import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { uploadAndPreview, waitForPreview } from './import-helpers.ts';

// The public files of test/fixtures/real (its README says where each comes from) through the web preview.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const real = (name: string) => fs.readFileSync(path.join(root, 'test/fixtures/real', name));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function regnskap() {
  const t = await createTjeneste(ctx.db);
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  return { t, agent, token: await csrf() };
}
const counts = (html: string) => [...html.matchAll(/<div><strong>([\d\s ]+)<\/strong>([^<]+)<\/div>/g)].map((m) => `${(m[1] ?? '').replace(/\D/g, '')} ${(m[2] ?? '').trim()}`);

describe('real kontoplaner in the web preview', () => {
  it('when Stavanger 2016 is uploaded, then the preview counts 263 arter, 550 ansvar and 202 funksjoner and says the scheme and why', async () => {
    const { t, agent, token } = await regnskap();
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', real('stavanger-budsjett-2016-drift.csv'), 'stavanger-budsjett-2016-drift.csv', token);
    expect(counts(html).join(', ')).toMatch(/263 arter?, 550 ansvar, 202 funksjon(er)?/);
    expect(html).toMatch(/\d+ av 263 arter passer med kontoklasse \+ KOSTRA-art \+ lokalt siffer/);
    expect(html).toContain('Lagre som ny versjon</button>');
  });

  it('when Førde 2013 is uploaded, then the 4-digit scheme is shown and the restored zeros are warnings at their cells', async () => {
    const { t, agent, token } = await regnskap();
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', real('forde-budsjett-2013-investering.csv'), 'forde-budsjett-2013-investering.csv', token);
    expect(counts(html).join(', ')).toMatch(/^75 arter?, 0 ansvar, 52 funksjon(er)?/);
    expect(html).toContain('av 75 arter passer med KOSTRA-art + lokalt siffer');
    expect(html).toContain('Art 100 er lest som 0100');
  });

  it('when Bergen 2013 and the SAF-T list are uploaded, then 194 funksjoner and 160 arter are counted, nothing refused', async () => {
    const { t, agent, token } = await regnskap();
    const bergen = await uploadAndPreview(agent, t.slug, 'kontoplan', real('bergen-budsjett-2013-drift.csv'), 'bergen-budsjett-2013-drift.csv', token);
    expect(counts(bergen.html).join(', ')).toMatch(/ 194 funksjon/);
    expect(bergen.html).toContain('Lagre som ny versjon</button>');
    const saft = await uploadAndPreview(agent, t.slug, 'kontoplan', real('saft-kostra-arter-kommuner-2025-2026.csv'), 'saft-kostra-arter-kommuner-2025-2026.csv', token);
    expect(counts(saft.html)[0]).toMatch(/^160 art/);
    expect(saft.html).toContain('Lagre som ny versjon</button>');
  });

  it('when the user chooses another scheme and kontoklasse digits, then the file is read again with them, and the choice is remembered for the tjeneste', async () => {
    const { t, agent, token } = await regnskap();
    const { location, html: first } = await uploadAndPreview(agent, t.slug, 'kontoplan', real('forde-budsjett-2013-investering.csv'), 'forde.csv', token);
    // the chooser's options carry their values, so the form sends what the user picked
    expect(first).toMatch(/<option value="kostra3"/);
    expect(first).toMatch(/<option value="klasse5"/);
    const bad = await agent.post(`${location}/artsskjema`).type('form').send({ _csrf: token, artsskjema: 'klasse5', klasse_drift: '1', klasse_investering: '1', klasse_balanse: '2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Investering kan ikke ha samme siffer som drift.');
    expect(await ctx.db.selectFrom('kontoplan_scheme').selectAll().where('tjeneste_id', '=', t.id).execute()).toEqual([]);

    const ok = await agent.post(`${location}/artsskjema`).type('form').send({ _csrf: token, artsskjema: 'kostra3', klasse_drift: '1', klasse_investering: '3', klasse_balanse: '2' });
    expect(ok.status).toBe(303);
    const html = await waitForPreview(agent, location);
    expect(html).toContain('Artsskjema valgt for tjenesten: tresifret KOSTRA-art');
    expect(html).toContain('1 drift, 3 investering, 2 balanse');
    const row = await ctx.db.selectFrom('kontoplan_scheme').select(['art_scheme', 'klasse_investering']).where('tjeneste_id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ art_scheme: 'kostra3', klasse_investering: '3' });
    // the next upload of the tjeneste uses the remembered choice
    const next = await uploadAndPreview(agent, t.slug, 'kontoplan', real('forde-budsjett-2013-investering.csv'), 'forde-igjen.csv', token);
    expect(next.html).toContain('Artsskjema valgt for tjenesten: tresifret KOSTRA-art');
    const audit = await ctx.db.selectFrom('audit_log').select('summary').where('tjeneste_id', '=', t.id).where('entity', '=', 'artsskjema').execute();
    expect(audit).toHaveLength(1);
  });
});
