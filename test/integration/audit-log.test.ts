import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { actorFor, mapAllKommuner } from '../support/kodeverk.ts';
import { rejectKommune, submitForReview } from '../../server/review/review.service.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier, seedRegisters } from '../support/registers.ts';
import { uploadAndPreview } from './import-helpers.ts';
import { definitionFor } from '../../server/registers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('endringslogg', () => {
  it('when the log is read, then each entry says in words what changed, details are a before/after table, and it can be filtered by person, type and date', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan(), utbetalingskategorier: lofotenUtbetalingskategorier() });
    await mapAllKommuner(ctx.db, t);
    await submitForReview(ctx.db, actorFor(t, t.users.regnskap), 'alle');
    await rejectKommune(ctx.db, actorFor(t, t.users.godkjenner), '1874', 'Feil ansvar');
    const regnskap = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(
      regnskap.agent,
      t.slug,
      'lonnsarter',
      await buildTemplate(definitionFor('lonnsarter'), lofotenLonnsarter()),
      'lonnsarter-ny.xlsx',
      await regnskap.csrf(),
    );
    await regnskap.agent
      .post(`${location}/lagre`)
      .type('form')
      .send({ _csrf: await regnskap.csrf() });

    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const log = (await agent.get(`/t/${t.slug}/logg`)).text;
    expect(log).toContain('Avviste Moskenes: Feil ansvar');
    expect(log).toMatch(/Importerte lønnsarter versjon \d+ fra lonnsarter-ny\.xlsx \(\d+ lønnsarter; \d+ (advarsel|advarsler)\)/);
    // words, not the internal action and entity names, and no raw JSON
    expect(log).not.toMatch(/<strong>(avvist|importert|endret)<\/strong>/);
    expect(log).not.toMatch(/<pre>\{/);
    expect(log).toContain('<span class="muted">Godkjenning</span>');
    // the mapping's saved values as a table of fields
    expect(log).toMatch(/<td>Funksjon i hjemmet<\/td>(<td>[^<]*<\/td>)?<td>251<\/td>/);

    // the filter's choices carry their values ({{value}} alone would call the helper of that name)
    expect(log).toContain('<option value="Lønnsarter">Lønnsarter</option>');
    expect(log).toContain(`<option value="${actorFor(t, t.users.godkjenner).label.replace(/</g, '&lt;').replace(/>/g, '&gt;')}">`);
    const byPerson = (await agent.get(`/t/${t.slug}/logg?hvem=${encodeURIComponent(actorFor(t, t.users.godkjenner).label)}`)).text;
    expect(byPerson).toContain('Avviste Moskenes');
    expect(byPerson).not.toContain('Importerte lønnsarter');
    const byType = (await agent.get(`/t/${t.slug}/logg?type=${encodeURIComponent('Lønnsarter')}`)).text;
    expect(byType).toContain('Importerte lønnsarter');
    expect(byType).not.toContain('Avviste Moskenes');
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
    const future = (await agent.get(`/t/${t.slug}/logg?fra=${tomorrow}`)).text;
    expect(future).toContain('Ingen endringer passer med valgene.');
    // a bad date is not an error page: the filter is ignored
    expect((await agent.get(`/t/${t.slug}/logg?fra=i-morgen`)).status).toBe(200);
  });
});
