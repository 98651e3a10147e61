import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan } from '../support/registers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { ISSUES_SHOWN } from '../../server/imports/import.views.ts';
import { uploadAndPreview } from './import-helpers.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

// A large file's warnings are counted, listed up to ISSUES_SHOWN and summed up by kind: a 60,000-warning list made a
// 16 MB page the server built in one piece; every warning still reaches the marked workbook and the saved version.
describe('import preview with more issues than it lists', () => {
  it('lists the first ones, counts all by kind, and saves every warning with the version', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const inactive = 250;
    const unknownClass = 10;
    const records: KontoplanRecord[] = [
      ...lofotenKontoplan(),
      ...Array.from({ length: inactive }, (_, i): KontoplanRecord => ({ dimensjon: 'ansvar', kode: String(300000 + i), navn: `Gammelt ansvar ${i}`, aktiv: false, kostra: null, kontoklasse: null })),
      ...Array.from(
        { length: unknownClass },
        (_, i): KontoplanRecord => ({ dimensjon: 'art', kode: `9${String(i).padStart(2, '0')}10`, navn: `Art i ukjent klasse ${i}`, aktiv: true, kostra: null, kontoklasse: null }),
      ),
    ];
    const { html, location } = await uploadAndPreview(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), records), 'stor.xlsx', await csrf());
    const total = (html.match(/class="issue-warning"/g) ?? []).length;
    expect(total).toBe(ISSUES_SHOWN);
    const warnings = Number(/<strong>([\d\s\u00a0]+)<\/strong>advarsler/.exec(html)?.[1]?.replace(/\D/g, ''));
    expect(warnings).toBeGreaterThanOrEqual(inactive + unknownClass);
    expect(html).toContain(`Her vises de første ${ISSUES_SHOWN} av`);
    expect(html).toContain('Last ned med feilmarkering');
    // by kind: the inactive ansvar and the unknown class digit, each with its count and its first message
    expect(html).toMatch(new RegExp(`<tr data-code="kode_inaktiv"><td>${inactive}</td><td>Ansvar 300000 er ikke aktiv`));
    expect(html).toMatch(new RegExp(`<tr data-code="kontoklasse_ukjent"><td>${unknownClass}</td><td>Art 90010 begynner med 9`));
    expect(html).toContain('Lagre som ny versjon</button>');

    const saved = await agent
      .post(`${location}/lagre`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(saved.status).toBe(303);
    const version = await ctx.db.selectFrom('register_version').select(['warnings']).where('tjeneste_id', '=', t.id).where('register', '=', 'kontoplan').executeTakeFirstOrThrow();
    expect((version.warnings as unknown[]).length).toBe(warnings);
  });

  it('shows a short list whole, without the cut note or the kinds', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const records: KontoplanRecord[] = [...lofotenKontoplan(), { dimensjon: 'ansvar', kode: '399999', navn: 'Gammelt', aktiv: false, kostra: null, kontoklasse: null }];
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), records), 'liten.xlsx', await csrf());
    expect(html).toContain('class="issue-warning" data-code="kode_inaktiv"');
    expect(html).not.toContain('Her vises de første');
    expect(html).not.toContain('issue-kinds');
  });
});
