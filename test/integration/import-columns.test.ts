import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { uploadAndPreview, waitForPreview } from './import-helpers.ts';

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

/** the rows of the column overview table, as «letter|header|read as» */
function overviewRows(html: string): string[] {
  const table = html.match(/<table class="column-overview">[\s\S]*?<\/table>/)?.[0] ?? '';
  return [...table.matchAll(/<tr(?: class="column-unused")?><td>([^<]*)<\/td><td>([^<]*)<\/td><td>(?:<strong>)?([^<]*)(?:<\/strong>)?<\/td>/g)].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
}

const realFile = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/real', name));

describe('import preview: the column overview and mapping by hand', () => {
  it('when the real Stavanger budget file (test/fixtures/real) is uploaded as kontoplan, then the overview shows its six code/name columns read and the six others unused, and the repeats as one line each', async () => {
    const { t, agent, token } = await regnskap();
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', realFile('stavanger-budsjett-2016-drift.csv'), 'stavanger-budsjett-2016-drift.csv', token);
    expect(html).toContain('6 kolonner lest, 6 ikke brukt');
    expect(overviewRows(html)).toEqual([
      'A|virksomhetsomraade|ikke brukt',
      'B|art|Art',
      'C|art_tekst|Art (navn)',
      'D|ansvar|Ansvar',
      'E|ansvar_tekst|Ansvar (navn)',
      'F|tjeneste_nr|Funksjon',
      'G|tjeneste_tekst|Funksjon (navn)',
      'H|prosjekt|ikke brukt',
      'I|prosjekt_tekst|ikke brukt',
      'J|fri_dim|ikke brukt',
      'K|fri_dim_tekst|ikke brukt',
      'L|beloep|ikke brukt',
    ]);
    expect(html).toContain('Slik leste vi filen');
    expect(html.match(/står på [\d\s ]+ rader med samme navn/g)).toHaveLength(3);
    expect(html).not.toContain('dobbel_rad');
  });

  it('when a lønnsart list is read, then the preview lists every column and what it was read as, and column mapping is offered though nothing is missing', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Lønnsarter',
        rows: [
          ['Lønnsart', 'Tekst', 'Konto', 'Arb.g.avg', 'Sist endret'],
          ['510', 'Fosterhjem', '10510', 'Ja', '2024-01-01'],
          ['520', 'Utgiftsdekning', '11700', 'Nei', '2024-01-01'],
        ],
      },
    ]);
    const { html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonn.xlsx', token);
    expect(html).toContain('Kolonnene i filen');
    expect(overviewRows(html)).toEqual(['A|Lønnsart|Kode', 'B|Tekst|Navn', 'C|Konto|Art', 'D|Arb.g.avg|AGA', 'E|Sist endret|ikke brukt']);
    expect(html).toContain('4 kolonner lest, 1 ikke brukt');
    expect(html).toContain('Lagre som ny versjon</button>');
    expect(html).toContain('Velg kolonner selv');
    expect(html).toContain('<option value="Arb.g.avg" selected>');
  });

  it('when the user maps a column by hand on a file that already read, then it is read again with that choice and the choice is remembered', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Lønnsarter',
        rows: [
          ['Lønnsart', 'Navn', 'Art', 'Merknad'],
          ['510', 'Fosterhjem', '10510', 'Ja'],
        ],
      },
    ]);
    const first = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonn.xlsx', token);
    expect(overviewRows(first.html)).toContain('D|Merknad|ikke brukt');
    const mapped = await agent.post(`${first.location}/kolonner`).type('form').send({ _csrf: token, kolonne_kode: 'Lønnsart', kolonne_navn: 'Navn', kolonne_art: 'Art', kolonne_aga: 'Merknad' });
    expect(mapped.status).toBe(303);
    const reread = await waitForPreview(agent, mapped.headers.location as string);
    expect(overviewRows(reread)).toContain('D|Merknad|AGA');
    const pending = await ctx.db.selectFrom('pending_import').select('result').where('tjeneste_id', '=', t.id).executeTakeFirstOrThrow();
    expect((pending.result as { records: { aga: boolean | null }[] }).records[0]?.aga).toBe(true);
    const remembered = await ctx.db.selectFrom('column_mapping').select('mapping').where('tjeneste_id', '=', t.id).executeTakeFirstOrThrow();
    expect(remembered.mapping).toMatchObject({ aga: 'Merknad' });
    // the next upload of this register uses it
    const again = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonn igjen.xlsx', token);
    expect(overviewRows(again.html)).toContain('D|Merknad|AGA');
  });

  it('when an unused column looks like a known field, then the overview says so beside it', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Funksjon', 'Navn', 'Funksjonsområde'],
          ['251', 'Tiltak i hjemmet', 'Barnevern'],
          ['252', 'Tiltak utenfor hjemmet', 'Barnevern'],
        ],
      },
    ]);
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'k.xlsx', token);
    expect(overviewRows(html)).toEqual(['A|Funksjon|Funksjon', 'B|Navn|Funksjon (navn)', 'C|Funksjonsområde|ikke brukt']);
    expect(html).toContain('Kolonne C «Funksjonsområde» ser ut som Funksjon, men er ikke lest');
  });
});
