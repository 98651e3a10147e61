import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { binaryParser } from '../support/binary.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier, seedRegisters } from '../support/registers.ts';
import { actorFor, approveAsShown, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { readZip } from '../../server/export/zip.ts';
import { draftPackage, finalExport } from '../../server/export/export.service.ts';
import { loadKodeverkState } from '../../server/kodeverk/kodeverk.state.ts';
import { runExport } from '../../server/cli/export.command.ts';
import { parseRegisterFile } from '../../server/spreadsheet/index.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { definitionFor, otherDefinitions } from '../../server/registers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const files = async (zip: Buffer) => new Map((await readZip(zip)).map((f) => [f.path, f.data]));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const who = (t: Awaited<ReturnType<typeof createTjeneste>>) => ({ ...actorFor(t, t.users.regnskap) });

describe('kodeverk package', () => {
  it('when nothing is approved, then only a draft is possible and every file says it is a draft', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = await agent.get(`/t/${t.slug}/eksport`);
    expect(page.text).toContain('Endelig eksport er ikke mulig ennå');
    expect(page.text).toContain('Ikke alle kommuner er godkjent');
    const final = await agent
      .post(`/t/${t.slug}/eksport/endelig`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(final.status).toBe(409);
    expect(await ctx.db.selectFrom('kodeverk_export').select('id').where('tjeneste_id', '=', t.id).execute()).toHaveLength(0);

    const res = await agent
      .post(`/t/${t.slug}/eksport/utkast`)
      .type('form')
      .send({ _csrf: await csrf() })
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`kodeverk-${t.slug}-utkast.zip`);
    const f = await files(res.body as Buffer);
    expect(JSON.parse(f.get('kodeverk.json')!.toString()).utkast).toBe(true);
    expect(JSON.parse(f.get('manifest.json')!.toString()).utkast).toBe(true);
    expect(f.get('oversikt.html')!.toString()).toContain('UTKAST');
    for (const [p, data] of f) if (p.startsWith('csv/')) expect(data.toString('utf8'), p).toContain('UTKAST');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.get('kodeverk.xlsx')! as never);
    expect(wb.worksheets[0]!.name).toBe('UTKAST');
  });

  it('when a final export is blocked, then each reason links to the page where it is put right, and the refusal names every reason', async () => {
    const blockersOf = (html: string) => [...html.matchAll(/<li>([^<]+) <a href="([^"]+)">Rett opp<\/a><\/li>/g)].map((m) => ({ message: m[1]!, href: m[2]!.replaceAll('&#x3D;', '=') }));
    // nothing imported: no kontoplan, an empty matrix, nothing approved
    const empty = await createTjeneste(ctx.db);
    const a = await loginAgent(ctx.app, empty.users.regnskap.email);
    const base = `/t/${empty.slug}`;
    const page = await a.agent.get(`${base}/eksport`);
    expect(page.status).toBe(200);
    const blockers = blockersOf(page.text);
    expect(blockers).toEqual([
      { message: 'Kontoplanen er ikke importert.', href: `${base}/import` },
      { message: expect.stringContaining('Konteringsmatrisen er tom'), href: `${base}/import` },
      { message: 'Ikke alle kommuner er godkjent (eller noe er endret etter godkjenning).', href: `${base}/godkjenning` },
    ]);
    for (const b of blockers) expect((await a.agent.get(b.href)).status, b.href).toBe(200);
    const refused = await a.agent
      .post(`${base}/eksport/endelig`)
      .type('form')
      .send({ _csrf: await a.csrf() });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Endelig eksport er ikke mulig ennå: Kontoplanen er ikke importert. Konteringsmatrisen er tom');
    expect(refused.text).toContain('Ikke alle kommuner er godkjent (eller noe er endret etter godkjenning). Du kan laste ned et utkast');

    // registers imported but no kommune mapped: the matrix has lines with problems, and its link shows just those
    const unmapped = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, unmapped.id);
    const b = await loginAgent(ctx.app, unmapped.users.regnskap.email);
    const ubase = `/t/${unmapped.slug}`;
    const matrixBlocker = blockersOf((await b.agent.get(`${ubase}/eksport`)).text).find((x) => x.message.startsWith('Konteringsmatrisen har'));
    expect(matrixBlocker?.href).toBe(`${ubase}/kontering?problem=feil`);
    const filtered = await b.agent.get(matrixBlocker!.href);
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain('<option value="feil" selected>');
  });

  it('when the same kodeverk is exported twice, then the zips are byte-identical', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const a = await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t));
    const b = await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t));
    expect(sha(a.zip)).toBe(sha(b.zip));
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('when everything is approved, then a final export is stored with number 1, its manifest checksums match, and an unchanged kodeverk gives no new number', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await agent.get(`/t/${t.slug}/eksport`)).text).toContain('Klar for endelig eksport');
    const post = await agent
      .post(`/t/${t.slug}/eksport/endelig`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(post.status).toBe(303);
    const again = await finalExport(ctx.db, who(t));
    expect(again).toMatchObject({ created: false, exportNo: 1 });

    const dl = await agent.get(`/t/${t.slug}/eksport/1.zip`).buffer(true).parse(binaryParser);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toContain(`kodeverk-${t.slug}-v1.zip`);
    const f = await files(dl.body as Buffer);
    const manifest = JSON.parse(f.get('manifest.json')!.toString()) as { filer: { sti: string; sha256: string; storrelse: number }[]; eksportnummer: number; innholdshash: string };
    expect(manifest.eksportnummer).toBe(1);
    expect(manifest.filer.map((x) => x.sti).sort()).toEqual([...f.keys()].filter((p) => p !== 'manifest.json').sort());
    for (const entry of manifest.filer) {
      expect(sha(f.get(entry.sti)!), entry.sti).toBe(entry.sha256);
      expect(f.get(entry.sti)!.length).toBe(entry.storrelse);
    }
    const doc = JSON.parse(f.get('kodeverk.json')!.toString());
    expect(doc.utkast).toBe(false);
    expect(doc.innholdshash).toBe(manifest.innholdshash);
    expect(doc.godkjenninger.every((g: { status: string }) => g.status === 'godkjent')).toBe(true);
    expect(doc.konteringsmatrise.length).toBeGreaterThan(0);
    expect(
      f
        .get('csv/art.csv')!
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf])),
    ).toBe(true);
    expect(f.get('csv/art.csv')!.toString('utf8')).toContain('Kode;Navn');

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(f.get('kodeverk.schema.json')!.toString()));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, konteringsmatrise: 'feil' })).toBe(false);
  });

  it("when a lesetilgang user tries to export, then 403; another tjeneste's export is 404", async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    await finalExport(ctx.db, who(t));
    const other = await createTjeneste(ctx.db);
    const reader = await loginAgent(ctx.app, t.users.lesetilgang.email);
    expect(
      (
        await reader.agent
          .post(`/t/${t.slug}/eksport/utkast`)
          .type('form')
          .send({ _csrf: await reader.csrf() })
      ).status,
    ).toBe(403);
    expect((await reader.agent.get(`/t/${t.slug}/eksport/1.zip`)).status).toBe(200);
    const stranger = await loginAgent(ctx.app, other.users.admin.email);
    expect((await stranger.agent.get(`/t/${t.slug}/eksport/1.zip`)).status).toBe(404);
    expect((await stranger.agent.get(`/t/${other.slug}/eksport/1.zip`)).status).toBe(404);
  });

  it('when text from an uploaded file starts with = + - or @, then it is neutralised in CSV and xlsx', async () => {
    const t = await createTjeneste(ctx.db);
    const kontoplan = lofotenKontoplan().map((k) => (k.kode === '7110' ? { ...k, navn: '=HYPERLINK("http://x","klikk")' } : k.kode === '7120' ? { ...k, navn: '@SUM(1+1)' } : k));
    await seedRegisters(ctx.db, t.id, { kontoplan });
    const pkg = await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t));
    const f = await files(pkg.zip);
    const csv = f.get('csv/ansvar.csv')!.toString('utf8');
    expect(csv).toContain(`'=HYPERLINK(""http://x"",""klikk"")`);
    expect(csv).toContain(`'@SUM(1+1)`);
    expect(csv).not.toMatch(/(^|;)=HYPERLINK/m);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.get('kodeverk.xlsx')! as never);
    const values: unknown[] = [];
    wb.getWorksheet('Ansvar')!.eachRow((r) => values.push(...(r.values as unknown[])));
    expect(values).toContain(`'=HYPERLINK("http://x","klikk")`);
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    // The import undoes the neutralisation: the name comes back exactly as it was uploaded.
    const back = await parseRegisterFile(f.get('kodeverk.xlsx')!, 'kodeverk.xlsx', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(back.records.find((r) => 'dimensjon' in r && r.kode === '7110')?.navn).toBe('=HYPERLINK("http://x","klikk")');
  });

  it('when a name holds a comma or tab before formula text, then the CSV quotes it, so neither a comma nor a semicolon locale sees a formula', async () => {
    const t = await createTjeneste(ctx.db);
    const kontoplan = lofotenKontoplan().map((k) => (k.kode === '7110' ? { ...k, navn: 'Sortland,=2+3' } : k.kode === '7120' ? { ...k, navn: 'Bø\t=1+1' } : k));
    await seedRegisters(ctx.db, t.id, { kontoplan });
    const csv = (await files((await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t))).zip)).get('csv/ansvar.csv')!.toString('utf8');
    expect(csv).toContain('"Sortland,=2+3"');
    expect(csv).toContain('"Bø\t=1+1"');
    // split as a comma-locale spreadsheet would (quotes respected): no field starts a formula
    for (const line of csv.split('\r\n')) {
      for (const sep of [',', ';', '\t']) {
        const fields = line.split(new RegExp(`${sep}(?=(?:[^"]*"[^"]*")*[^"]*$)`));
        expect(
          fields.filter((f) => /^=/.test(f)),
          `${sep} in ${line}`,
        ).toEqual([]);
      }
    }
  });

  it('when kodeverk.xlsx is imported again, then every register comes back the same', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const pkg = await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t));
    const doc = JSON.parse((await files(pkg.zip)).get('kodeverk.json')!.toString());
    const xlsx = (await files(pkg.zip)).get('kodeverk.xlsx')!;
    const kp = await parseRegisterFile(xlsx, 'kodeverk.xlsx', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(kp.errors.map((e) => `${e.code}@${e.sheet}!${e.cell}`).slice(0, 10)).toEqual([]);
    const strip = (rs: { kode: string; navn: string; aktiv: boolean; kostra: string | null }[]) => rs.map(({ kode, navn, aktiv, kostra }) => ({ kode, navn, aktiv, kostra }));
    for (const d of ['art', 'ansvar', 'funksjon'] as const) {
      expect(strip(kp.records.filter((r) => 'dimensjon' in r && r.dimensjon === d) as never), d).toEqual(doc.kontoplan[d]);
    }
    const arter = new Set<string>(doc.kontoplan.art.map((a: { kode: string }) => a.kode));
    const la = await parseRegisterFile(xlsx, 'kodeverk.xlsx', definitionFor('lonnsarter'), { regnskapsar: 2026, kontoplanArter: arter }, otherDefinitions('lonnsarter'));
    expect(la.errors).toEqual([]);
    expect(la.records).toEqual(doc.lonnsarter.rader);
    const uk = await parseRegisterFile(xlsx, 'kodeverk.xlsx', definitionFor('utbetalingskategorier'), { regnskapsar: 2026, kontoplanArter: arter }, otherDefinitions('utbetalingskategorier'));
    expect(uk.errors).toEqual([]);
    expect(uk.records).toEqual(doc.utbetalingskategorier.rader);
  });

  it('when the kodeverk changes after an export, then a new final export needs new approval, and two exports can be compared', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    await finalExport(ctx.db, who(t));
    // New lønnsarter give every kommune new kontostrenger: the approvals are outdated, so no final export.
    await ctx.db.transaction().execute((trx) =>
      insertRegisterVersion(trx, { tjenesteId: t.id, register: 'lonnsarter', fileName: 'lonnsarter-2.xlsx', counts: {}, warnings: [], createdBy: null }, [
        // the first lønnsart changes only its fordel
        ...lofotenLonnsarter().map((l, i) => (i === 0 ? { ...l, fordel: 'kontantytelse' as const } : l)),
        { kode: '2040', navn: 'Tilsynsfører', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      ]),
    );
    // and Barnehage now applies to both tiltakstyper
    await ctx.db.transaction().execute((trx) =>
      insertRegisterVersion(
        trx,
        { tjenesteId: t.id, register: 'utbetalingskategorier', fileName: 'kategorier-2.xlsx', counts: {}, warnings: [], createdBy: null },
        lofotenUtbetalingskategorier().map((u) => (u.kode === 'BHG' ? { ...u, tiltakstype: 'begge' as const } : u)),
      ),
    );
    await expect(finalExport(ctx.db, who(t))).rejects.toThrow(/ikke mulig ennå/);
    const { submitForReview } = await import('../../server/review/review.service.ts');
    await submitForReview(ctx.db, actorFor(t, t.users.regnskap), 'alle');
    for (const nr of ['1860', '1859', '1874']) await approveAsShown(ctx.db, t, nr, 'ny kontoplan sjekket');
    expect(await finalExport(ctx.db, who(t))).toMatchObject({ created: true, exportNo: 2 });
    const { agent } = await loginAgent(ctx.app, t.users.godkjenner.email);
    const cmp = await agent.get(`/t/${t.slug}/eksport/sammenlign?a=1&b=2`);
    expect(cmp.status).toBe(200);
    expect(cmp.text).toContain('2040 Tilsynsfører');
    // each lønnsart field in its definition's order and words; a blank A-melding beskrivelse and fordel are left out
    expect(cmp.text).toContain('<td>2040 Tilsynsfører: art 10500; skattepliktig Ja; AGA Ja; feriepengegrunnlag Nei; tiltakstype Begge</td>');
    expect(cmp.text).toContain('Lagt til');
    // in words (#14 item 9): the matrix line's key names the kind, the kommune and the tiltakstype; the kontostreng is dotted
    expect(cmp.text).toContain('<td>Lønnsart 2040 Tilsynsfører · Flakstad (1859) · I hjemmet</td><td></td><td>10500.7110.251</td>');
    expect(cmp.text).toContain('<td>Utbetalingskategori BHG Barnehage · Moskenes (1874) · Utenfor hjemmet</td>');
    expect(cmp.text).toContain('<td>BHG Barnehage: art 13500; tiltakstype I hjemmet</td><td>BHG Barnehage: art 13500; tiltakstype Begge</td>');
    expect(cmp.text).not.toMatch(/i_hjemmet|utenfor_hjemmet|lonnsart 2040/);
    // a change of fordel alone shows in the row's text, not as the same text before and after
    const first = lofotenLonnsarter()[0] as { kode: string; navn: string; fordel: unknown };
    expect(first.fordel).toBeNull();
    expect(cmp.text).toMatch(new RegExp(`<td>${first.kode} ${first.navn}: [^<]*</td><td>${first.kode} ${first.navn}: [^<]*; fordel Kontantytelse</td>`));
    // Picked the other way round, the older export is still «before»: the new lønnsart is added, not removed.
    const reversed = await agent.get(`/t/${t.slug}/eksport/sammenlign?a=2&b=1`);
    expect(reversed.status).toBe(200);
    expect(reversed.text).toContain('Eksport nr. 1 mot nr. 2');
    expect(reversed.text).toContain('Lagt til');
    expect(reversed.text).not.toContain('Fjernet');
  });

  it('when the package is opened by a person, then settings are tables in words, times are Norwegian time and no internal key is shown', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const token = await csrf();
    // the test kontoplan has no balance account, so the motkonto is one of its arter
    const cells = {
      standard_selskap: '1',
      standard_motkonto: '14700',
      standard_bilagsserie: '40',
      k1860_selskap: '',
      k1860_motkonto: '',
      k1860_bilagsserie: '',
      k1859_selskap: '',
      k1859_motkonto: '',
      k1859_bilagsserie: 'BF',
      k1874_selskap: '',
      k1874_motkonto: '',
      k1874_bilagsserie: '',
    };
    const okonomi = Object.fromEntries(Object.entries(cells).map(([k, v]) => [`okonomi_${k}`, v]));
    expect((await agent.post(`/t/${t.slug}/innstillinger/moduler`).type('form').send({ _csrf: token, okonomi_status: 'under_oppbygging', lonn_status: 'ikke_avklart' })).status).toBe(303);
    expect(
      (
        await agent
          .post(`/t/${t.slug}/innstillinger/postering/okonomi`)
          .type('form')
          .send({ _csrf: token, ...okonomi })
      ).status,
    ).toBe(303);
    expect(
      (
        await agent
          .post(`/t/${t.slug}/innstillinger/autopay`)
          .type('form')
          .send({ _csrf: token, avtale: 'ja', kontonummer: '12345678903', godkjenning: 'ja', antall_godkjennere: '2', avtalereferanse: '' })
      ).status,
    ).toBe(303);
    const res = await agent.post(`/t/${t.slug}/eksport/utkast`).type('form').send({ _csrf: token }).buffer(true).parse(binaryParser);
    const f = await files(res.body as Buffer);
    const html = f.get('oversikt.html')!.toString();
    for (const words of ['Under oppbygging', 'Ikke avklart', 'Har tjenesten Autopay-avtale?', '1234.56.78903', 'Postering per kommune', 'Ja: bilagsserie']) expect(html, words).toContain(words);
    // no dotted keys, no internal values
    expect(html).not.toMatch(/postering\.okonomi|under_oppbygging|ikke_avklart|godkjenning_i_autopay/);
    // the approval time in Oslo time, as `01.12.2026 17:05`
    const doc = JSON.parse(f.get('kodeverk.json')!.toString()) as { schemaVersion: number; godkjenninger: { godkjent_tid: string }[]; innstillinger: Record<string, unknown> };
    expect(doc.schemaVersion).toBe(3);
    expect(Object.keys(doc.innstillinger.autopay as object)).toContain('godkjenning_i_autopay');
    const when = new Date(doc.godkjenninger[0]!.godkjent_tid);
    const oslo = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
      when,
    );
    const p = Object.fromEntries(oslo.map((x) => [x.type, x.value]));
    expect(html).toContain(`${p['day']}.${p['month']}.${p['year']} ${p['hour']}:${p['minute']}`);
    const posting = f.get('csv/postering.csv')!.toString('utf8');
    expect(posting).toContain('Økonomi (utbetalinger);1859;Flakstad;1;14700;BF;Ja: bilagsserie');
    expect(posting).toContain('Økonomi (utbetalinger);1860;Vestvågøy;1;14700;40;Nei (standard)');
    const innstillinger = f.get('csv/innstillinger.csv')!.toString('utf8');
    expect(innstillinger).toContain('Moduler;Lønn;Ikke avklart');
    expect(innstillinger).toContain('Autopay;Antall godkjennere;2');
  });

  it('when the command line exports, then it writes the same draft as the browser, and a final export only when approved', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-export-'));
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    expect(await runExport(ctx.db, { slug: t.slug, out: path.join(dir, 'u.zip'), draft: true }, io)).toBe(0);
    const browser = await draftPackage(await loadKodeverkState(ctx.db, t.id), who(t));
    expect(fs.readFileSync(path.join(dir, 'u.zip')).equals(browser.zip)).toBe(true);
    expect(await runExport(ctx.db, { slug: t.slug, out: path.join(dir, 'f.zip'), draft: false }, io)).toBe(1);
    expect(out.join('\n')).toContain('ikke mulig ennå');
    expect(await runExport(ctx.db, { slug: 'finnes-ikke', out: path.join(dir, 'x.zip'), draft: true }, io)).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
