import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';

/** The Lofoten plan plus the balance accounts a whole-kommune plan has (2xxxx). */
const withBalanse = (): KontoplanRecord[] => [
  ...lofotenKontoplan(),
  { dimensjon: 'art', kode: '21500', navn: 'Leverandørgjeld', aktiv: true, kostra: '15', kontoklasse: 'balanse' },
  { dimensjon: 'art', kode: '22900', navn: 'Skyldig lønn', aktiv: true, kostra: '29', kontoklasse: 'balanse' },
];
import { effectiveSettingsForKommune, modulesInUse, settingsForExport } from '../../server/settings/settings.service.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function asRegnskap(t: TestTjeneste) {
  return loginAgent(ctx.app, t.users.regnskap.email);
}

/** A whole module form with field names «<modul>_<scope>_<field>»; cells not given are empty. */
const grid = (m: string, cells: Record<string, string> = {}) => Object.fromEntries(Object.entries({ ...emptyGridOf, ...cells }).map(([k, v]) => [`${m}_${k}`, v]));
const emptyGridOf = {
  standard_selskap: '',
  standard_motkonto: '',
  standard_bilagsserie: '',
  k1860_selskap: '',
  k1860_motkonto: '',
  k1860_bilagsserie: '',
  k1859_selskap: '',
  k1859_motkonto: '',
  k1859_bilagsserie: '',
  k1874_selskap: '',
  k1874_motkonto: '',
  k1874_bilagsserie: '',
};

describe('Autopay: the payer account is MOD11-checked', () => {
  it('when the account is written as an IBAN (NO93 8601 1117 947), then the kontonummer inside is saved; 00000000000 is refused', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const zeros = await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'ja', kontonummer: '0000.00.00000', godkjenning: 'nei' });
    expect(zeros.status).toBe(400);
    expect(zeros.text).toContain('Kontonummer 00000000000 er ikke et ekte kontonummer.');
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'ja', kontonummer: 'NO93 8601 1117 947', godkjenning: 'nei' });
    expect(res.status).toBe(303);
    expect((await settingsForExport(ctx.db, t.id)).autopay).toMatchObject({ kontonummer: '86011117947' });
  });

  it.each(['12345678903', '1234.56.78911', '1234 56 78970'])('when the account is %s, then it is saved and shown as 1234.56.xxxxx', async (konto) => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'ja', kontonummer: konto, godkjenning: 'ja', antall_godkjennere: '2', avtalereferanse: 'AP-1' });
    expect(res.status).toBe(303);
    const digits = konto.replace(/[ .]/g, '');
    const page = await agent.get(`/t/${t.slug}/innstillinger/autopay`);
    expect(page.text).toContain(`value="${digits.slice(0, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}"`);
    const exp = await settingsForExport(ctx.db, t.id);
    expect(exp.autopay).toMatchObject({ avtale: 'ja', kontonummer: digits, godkjenning_i_autopay: 'ja', antall_godkjennere: 2, avtalereferanse: 'AP-1' });
  });

  it.each([
    ['12345678904', 'feil kontrollsiffer (MOD11)'],
    ['12345678920', 'feil kontrollsiffer (MOD11)'],
    ['12345678921', 'feil kontrollsiffer (MOD11)'],
    ['12345678929', 'feil kontrollsiffer (MOD11)'],
    ['1234567890', 'må ha 11 sifre'],
    ['1234567892x', 'kan bare ha sifre'],
  ])('when the account is %s, then the form is shown again with «%s» at the field', async (konto, message) => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'ja', kontonummer: konto, godkjenning: 'ikke_avklart', antall_godkjennere: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('id="e-kontonummer"');
    expect(res.text).toContain(`value="${konto}"`);
    expect((await settingsForExport(ctx.db, t.id)).autopay?.kontonummer).toBeNull();
  });

  it('when økonomi approves but the number of approvers is missing, then that field says so', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'ja', kontonummer: '', godkjenning: 'ja', antall_godkjennere: '', avtalereferanse: 'x'.repeat(101) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="e-antall_godkjennere"');
    expect(res.text).toContain('Avtalereferansen kan ha høyst 100 tegn.');
  });

  it('when Autopay is saved, then the audit log has the before and after values', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    await agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), avtale: 'nei', kontonummer: '', godkjenning: 'nei', antall_godkjennere: '' });
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('tjeneste_id', '=', t.id).where('entity', '=', 'autopay').executeTakeFirstOrThrow();
    expect(entry.before).toMatchObject({ avtale: 'ikke_avklart' });
    expect(entry.after).toMatchObject({ avtale: 'nei', godkjenning: 'nei' });
  });
});

describe('posting settings: tjeneste default and per-kommune overrides', () => {
  it('when a kommune overrides only motkonto, then it keeps the default selskap and bilagsserie and the others get the default', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('lonn', { standard_selskap: '1', standard_motkonto: '14700', standard_bilagsserie: 'L1', k1859_motkonto: '13500' }) });
    expect(res.status).toBe(303);
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1859')).lonn).toEqual({ status: 'ikke_avklart', selskap: '1', motkonto: '13500', bilagsserie: 'L1' });
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1874')).lonn).toEqual({ status: 'ikke_avklart', selskap: '1', motkonto: '14700', bilagsserie: 'L1' });
    // The other module is untouched: still undecided.
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1859')).okonomi).toEqual({ status: 'ikke_avklart', selskap: null, motkonto: null, bilagsserie: null });
    const exp = await settingsForExport(ctx.db, t.id);
    expect(exp.postering.lonn?.kommuner).toEqual({ '1859': { selskap: null, motkonto: '13500', bilagsserie: null } });
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('tjeneste_id', '=', t.id).where('entity', '=', 'posteringsinnstillinger').executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe('lonn');
    expect(audit.after).toMatchObject({ standard: { motkonto: '14700' } });
  });

  it('when values break the rules, then every cell gets its own message and keeps what the user typed', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: withBalanse() });
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('okonomi', { standard_selskap: 'for-langt-selskap', standard_motkonto: '19999', standard_bilagsserie: 'Æ', k1874_motkonto: '12a' }) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="e-okonomi_standard_selskap"');
    expect(res.text).toContain('Selskap kan bare ha bokstaver a–z og sifre');
    expect(res.text).toContain('Motkonto 19999 finnes ikke i kontoplanen (versjon 1).');
    expect(res.text).toContain('Bilagsserie kan bare ha bokstaver');
    expect(res.text).toContain('id="e-okonomi_k1874_motkonto"');
    expect(res.text).toContain('Motkonto må være 4–8 sifre');
    expect(res.text).not.toContain('Motkonto 12a finnes ikke');
    expect(res.text).toContain('value="for-langt-selskap"');
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1860')).okonomi.selskap).toBeNull();
  });

  it('when the kontoplan holds balance accounts, then a drift art as motkonto is refused and a balance account saved', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: withBalanse() });
    const { agent, csrf } = await asRegnskap(t);
    const bad = await agent
      .post(`/t/${t.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('lonn', { standard_motkonto: '14700' }) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Motkonto 14700 er en art i driftsregnskapet, ikke en balansekonto.');
    const ok = await agent
      .post(`/t/${t.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('lonn', { standard_motkonto: '22900' }) });
    expect(ok.status).toBe(303);
    const page = await agent.get(`/t/${t.slug}/innstillinger/postering`);
    expect(page.text).toContain('kontrolleres mot balansekontoene i kontoplanen (versjon 1)');
    // the motkonto list offers only the balance accounts
    const datalist = /<datalist id="arter">([\s\S]*?)<\/datalist>/.exec(page.text)?.[1] ?? '';
    expect(datalist).toContain('<option value="22900">22900 Skyldig lønn</option>');
    expect(datalist).not.toContain('<option value="14700">');
  });

  it('when the kontoplan is a barnevern extract without balance accounts, then a motkonto is accepted by format and the page says so', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('okonomi', { standard_motkonto: '21500' }) });
    expect(res.status).toBe(303);
    const page = await agent.get(`/t/${t.slug}/innstillinger/postering`);
    expect(page.text).toContain('har ingen balansekontoer, så motkonto kontrolleres bare for format');
    expect(page.text).toContain('Kontoplanen har ingen balansekontoer, så motkonto 21500 er bare sjekket for format. Sjekk med regnskap at kontoen finnes i økonomisystemet.');
  });

  it('when no kontoplan is imported, then motkonto is only checked for format', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('okonomi', { standard_motkonto: '19999' }) });
    expect(res.status).toBe(303);
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1860')).okonomi.motkonto).toBe('19999');
  });

  it('when an override is cleared, then the kommune falls back to the default', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    await agent
      .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('okonomi', { standard_selskap: 'A', k1860_selskap: 'B' }) });
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1860')).okonomi.selskap).toBe('B');
    await agent
      .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
      .type('form')
      .send({ _csrf: await csrf(), ...grid('okonomi', { standard_selskap: 'A' }) });
    expect((await effectiveSettingsForKommune(ctx.db, t.id, '1860')).okonomi.selskap).toBe('A');
  });
});

describe('modules, ERP and mva-koder', () => {
  it('when lønn is set to ikke i bruk, then it is not in use and not exported', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await asRegnskap(t);
    expect(await modulesInUse(ctx.db, t.id)).toEqual({ okonomi: true, lonn: true });
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/moduler`)
      .type('form')
      .send({ _csrf: await csrf(), okonomi_status: 'under_oppbygging', lonn_status: 'ikke_i_bruk' });
    expect(res.status).toBe(303);
    expect(await modulesInUse(ctx.db, t.id)).toEqual({ okonomi: true, lonn: false });
    const exp = await settingsForExport(ctx.db, t.id);
    expect(exp.moduler).toEqual({ okonomi: 'under_oppbygging', lonn: 'ikke_i_bruk' });
    expect(exp.postering.lonn).toBeNull();
    expect(exp.postering.okonomi).not.toBeNull();
    expect(JSON.parse(JSON.stringify(exp))).toEqual(exp);
  });

  it('when a module status is not one of the choices, then the field says so', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/moduler`)
      .type('form')
      .send({ _csrf: await csrf(), okonomi_status: 'kanskje', lonn_status: 'i_drift' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Velg status for økonomi (utbetalinger).');
  });

  it('when ERP is «annet» without a name, then the name field asks for it; with a name it is saved', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const bad = await agent
      .post(`/t/${t.slug}/innstillinger/postering/erp`)
      .type('form')
      .send({ _csrf: await csrf(), erp: 'annet', erp_annet: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Skriv hvilket økonomisystem som tar imot posteringene.');
    const ok = await agent
      .post(`/t/${t.slug}/innstillinger/postering/erp`)
      .type('form')
      .send({ _csrf: await csrf(), erp: 'annet', erp_annet: 'Unit4' });
    expect(ok.status).toBe(303);
    expect((await settingsForExport(ctx.db, t.id)).erp).toEqual({ system: 'annet', annet: 'Unit4' });
  });

  it('when mva-koder are saved per utbetalingskategori, then they are stored by the kategori kode and a bad one is refused', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await asRegnskap(t);
    const bad = await agent
      .post(`/t/${t.slug}/innstillinger/mva`)
      .type('form')
      .send({ _csrf: await csrf(), mva_1: '12345', mva_2: '', mva_3: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="e-mva_1"');
    const ok = await agent
      .post(`/t/${t.slug}/innstillinger/mva`)
      .type('form')
      .send({ _csrf: await csrf(), mva_1: '21', mva_2: '', mva_3: '' });
    expect(ok.status).toBe(303);
    const exp = await settingsForExport(ctx.db, t.id);
    expect(exp.mva_koder).toEqual([{ kategori: 'BHG', kode: 'BHG', navn: 'Barnehage', mva_kode: '21' }]);
  });
});

describe('who may change settings', () => {
  it.each(['lesetilgang', 'godkjenner'] as const)('when %s posts to any settings form, then it is refused with 403 and nothing changes', async (role) => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users[role].email);
    const page = await agent.get(`/t/${t.slug}/innstillinger/postering`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('disabled');
    for (const [path, body] of [
      ['moduler', { okonomi_status: 'i_drift', lonn_status: 'i_drift' }],
      ['postering/okonomi', grid('okonomi', { standard_selskap: 'X' })],
      ['postering/erp', { erp: 'visma_enterprise' }],
      ['autopay', { avtale: 'ja', kontonummer: 'feil', godkjenning: 'ja' }],
      ['mva', {}],
    ] as const) {
      const res = await agent
        .post(`/t/${t.slug}/innstillinger/${path}`)
        .type('form')
        .send({ ...body, _csrf: await csrf() });
      expect(res.status, path).toBe(403);
    }
    expect((await settingsForExport(ctx.db, t.id)).moduler).toEqual({ okonomi: 'ikke_avklart', lonn: 'ikke_avklart' });
  });

  it("when a user of another tjeneste opens or posts to this tjeneste's settings, then it is 404", async () => {
    const t = await createTjeneste(ctx.db);
    const other = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, other.users.regnskap.email);
    expect((await agent.get(`/t/${t.slug}/innstillinger`)).status).toBe(404);
    expect((await agent.get(`/t/${t.slug}/innstillinger/forhandsvisning`)).status).toBe(404);
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/moduler`)
      .type('form')
      .send({ _csrf: await csrf(), okonomi_status: 'i_drift', lonn_status: 'i_drift' });
    expect(res.status).toBe(404);
  });

  it('when the settings pages are opened by a reader, then they all render', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    for (const p of ['', '/moduler', '/postering', '/autopay', '/mva', '/forhandsvisning']) expect((await agent.get(`/t/${t.slug}/innstillinger${p}`)).status, p).toBe(200);
  });
});

describe('Postering: one form for the page', () => {
  const page = (_t: TestTjeneste, cells: Record<string, string>) => ({ erp: 'visma_enterprise', erp_annet: '', ...grid('okonomi'), ...grid('lonn'), ...cells });

  it('when one section is refused, then nothing is saved and every section keeps what was typed', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const body = page(t, { okonomi_standard_selskap: '1', okonomi_standard_bilagsserie: 'BV', lonn_standard_bilagsserie: 'L/O' });
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering`)
      .type('form')
      .send({ _csrf: await csrf(), ...body });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="BV"'); // the økonomi grid that had no error keeps its input
    expect(res.text).toContain('value="L/O"');
    expect(res.text).toMatch(/<option value="visma_enterprise" selected>/);
    expect(res.text).toContain('Standard for hele tjenesten, lønn: Bilagsserie');
    const stored = await settingsForExport(ctx.db, t.id);
    expect(stored.erp.system).toBeNull();
    expect(stored.postering.okonomi?.standard.bilagsserie ?? null).toBeNull();
  });

  it('when the page is saved, then the ERP and both modules are saved together, and saving it unchanged logs nothing', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await asRegnskap(t);
    const body = page(t, { okonomi_standard_selskap: '1', okonomi_standard_bilagsserie: 'BV', lonn_standard_selskap: '1', lonn_k1859_bilagsserie: 'LF' });
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering`)
      .type('form')
      .send({ _csrf: await csrf(), ...body });
    expect(res.status).toBe(303);
    const stored = await settingsForExport(ctx.db, t.id);
    expect(stored.erp.system).toBe('visma_enterprise');
    expect(stored.postering.okonomi?.standard).toMatchObject({ selskap: '1', bilagsserie: 'BV' });
    expect(stored.postering.lonn?.kommuner['1859']).toMatchObject({ bilagsserie: 'LF' });
    const logged = async () => (await ctx.db.selectFrom('audit_log').select('id').where('tjeneste_id', '=', t.id).where('entity', 'in', ['erp', 'posteringsinnstillinger']).execute()).length;
    expect(await logged()).toBe(3);
    const again = await agent
      .post(`/t/${t.slug}/innstillinger/postering`)
      .type('form')
      .send({ _csrf: await csrf(), ...body });
    expect(again.status).toBe(303);
    expect(await logged()).toBe(3);
    expect((await agent.get(`/t/${t.slug}/innstillinger/postering`)).text).toContain('Ingenting var endret.');
  });
});
