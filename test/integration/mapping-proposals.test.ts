import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { seedRegisters } from '../support/registers.ts';
import { uploadAndPreview } from './import-helpers.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

// #12 item 2: proposals on a whole kommune's kontoplan prefer the barnevern service's ansvar over any that names the kommune.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const real = (name: string) => fs.readFileSync(path.join(root, 'test/fixtures/real', name));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The kommune's section on the Kontering → Kommuner page: the selected ansvar and the proposal's badge and reason. */
function ansvarProposal(html: string, nr: string) {
  const section = new RegExp(`<section[^>]*id="k-${nr}"[\\s\\S]*?</section>`).exec(html)?.[0];
  if (!section) throw new Error(`no section for ${nr}`);
  // a select, or past 300 codes a typed code field (the searchable chooser)
  const field = /<(?:select|input)[^>]*name="ansvar"[\s\S]*?(?:<\/select>|>)[\s\S]*?(?:<p class="proposal">[\s\S]*?<\/p>|<\/div>)/.exec(section)?.[0] ?? '';
  const selected = /<option value="([^"]*)" selected>/.exec(field)?.[1] ?? /<input[^>]*name="ansvar"[^>]*value="([^"]*)"/.exec(field)?.[1] ?? null;
  const proposal = /<p class="proposal"><span class="badge [^"]*">([^<]+)<\/span>\s*([^<]*)<\/p>/.exec(field);
  return { selected, badge: proposal?.[1] ?? null, reason: proposal?.[2]?.trim() ?? null };
}

describe('ansvar proposals on whole kommune kontoplaner', () => {
  it('when Stavanger’s whole 2016 plan is imported for a Stavanger service, then the barnevern ansvar is proposed (usikker), not the first ansvar naming Stavanger', async () => {
    const t = await createTjeneste(ctx.db, { kommuner: [{ nr: '1103', navn: 'Stavanger', vert: true }] });
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', real('stavanger-budsjett-2016-drift.csv'), 'stavanger-budsjett-2016-drift.csv', await csrf());
    expect(
      (
        await agent
          .post(`${location}/lagre`)
          .type('form')
          .send({ _csrf: await csrf() })
      ).status,
    ).toBe(303);
    const p = ansvarProposal((await agent.get(`/t/${t.slug}/kontering/kommuner`)).text, '1103');
    // 17 ansvar name Stavanger (105014 STAVANGER BYARKIV first); 304000 BARNEVERN ADMINISTRASJON and the departments
    // beside it (304100 MOTTAKSAVDELINGEN … 304400 TILTAKSAVDELINGEN, 304700 FELLESTJENESTEN) are the service
    expect(p.selected).toBe('304400');
    expect(p.badge).toBe('Usikkert forslag');
    expect(p.reason).toBe('Ingen ansvar for barnevernet nevner Stavanger; ansvar 304400 hører til barnevernet (også 304000, 304100, 304200, 304300, 304700). Sjekk hvilket tiltakene skal føres på.');
  });

  it('when Bergen’s 2013 plan, whose ansvar are the city’s departments and none speaks of barnevern, is imported, then no ansvar is guessed', async () => {
    const t = await createTjeneste(ctx.db, { kommuner: [{ nr: '4601', navn: 'Bergen', vert: true }] });
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', real('bergen-budsjett-2013-drift.csv'), 'bergen-budsjett-2013-drift.csv', await csrf());
    expect(
      (
        await agent
          .post(`${location}/lagre`)
          .type('form')
          .send({ _csrf: await csrf() })
      ).status,
    ).toBe(303);
    const p = ansvarProposal((await agent.get(`/t/${t.slug}/kontering/kommuner`)).text, '4601');
    expect(p.selected ?? '').toBe('');
    expect(p.reason).toBe('Ingen aktive ansvar har «Bergen» i navnet. Velg ansvaret selv.');
  });

  it('when the vertskommune’s whole plan has the interkommunal service’s tiltak ansvar (docs/domain.md), then the vertskommune gets its tiltak ansvar, not its resource centre, and «Bekreft alle sikre forslag» saves them', async () => {
    const t = await createTjeneste(ctx.db, {
      kommuner: [
        { nr: '4640', navn: 'Sogndal', vert: true },
        { nr: '4644', navn: 'Luster' },
      ],
    });
    const k = (dimensjon: KontoplanRecord['dimensjon'], kode: string, navn: string, kostra: string | null = null): KontoplanRecord => ({
      dimensjon,
      kode,
      navn,
      aktiv: true,
      kostra,
      kontoklasse: dimensjon === 'art' ? 'drift' : null,
    });
    const ansvar = [
      k('ansvar', '100', 'Sogndal rådhus'),
      k('ansvar', '310', 'Sogndal ressurssenter'),
      ...Array.from({ length: 200 }, (_, i) => k('ansvar', String(500 + i), i % 2 ? `Sogndal skule ${i}` : `Drift ${i}`)),
      k('ansvar', '471', 'Sogn barnevern'),
      k('ansvar', '472', 'Sogn barnevern Tiltak Sogndal'),
      k('ansvar', '473', 'Sogn barnevern Tiltak Luster'),
    ];
    await seedRegisters(ctx.db, t.id, {
      kontoplan: [
        k('art', '13700', 'Kjøp fra private', '370'),
        ...ansvar,
        k('funksjon', '244', 'Barnevernteneste', '244'),
        k('funksjon', '251', 'Tiltak i heimen', '251'),
        k('funksjon', '252', 'Tiltak utanfor heimen', '252'),
      ],
    });
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const html = (await agent.get(`/t/${t.slug}/kontering/kommuner`)).text;
    expect(ansvarProposal(html, '4640')).toEqual({ selected: '472', badge: 'Sikkert forslag', reason: 'Ansvar 472 er barnevernets tiltaksansvar for Sogndal.' });
    expect(ansvarProposal(html, '4644')).toMatchObject({ selected: '473', badge: 'Sikkert forslag' });
    expect(
      (
        await agent
          .post(`/t/${t.slug}/kontering/kommuner/bekreft-forslag`)
          .type('form')
          .send({ _csrf: await csrf() })
      ).status,
    ).toBe(303);
    const saved = await ctx.db.selectFrom('kommune_mapping').select(['kommunenummer', 'ansvar']).where('tjeneste_id', '=', t.id).orderBy('kommunenummer').execute();
    expect(saved).toEqual([
      { kommunenummer: '4640', ansvar: '472' },
      { kommunenummer: '4644', ansvar: '473' },
    ]);
  });
});
