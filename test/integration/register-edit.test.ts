import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { seedRegisters } from '../support/registers.ts';
import { prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { loadKommuneReviews } from '../../server/review/review.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const decode = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1] as string) : null;
};

/** What a browser would send for the page's post form whose action ends with `action`: inputs, checked boxes, selected options. */
function formOf(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`method="post" action="`);
  let at = start;
  let form = '';
  while (at !== -1) {
    const end = html.indexOf('</form>', at);
    const chunk = html.slice(at, end);
    if (new RegExp(`action="[^"]*${action}"`).test(chunk.slice(0, 300))) {
      form = chunk;
      break;
    }
    at = html.indexOf(`method="post" action="`, end);
  }
  if (!form) throw new Error(`no form for ${action}`);
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    fields[name] = attr(tag, 'value') ?? '';
  }
  for (const m of form.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...(m[2] as string).matchAll(/<option\b([^>]*)>/g)];
    const chosen = options.find((o) => /\sselected\b/.test(o[1] as string)) ?? options[0];
    fields[decode(m[1] as string)] = chosen ? (attr(chosen[0], 'value') ?? '') : '';
  }
  return fields;
}

/** The form field name of the row whose key (identity) is `key`, for field `field`. */
function fieldOf(form: Record<string, string>, key: string, field: string): string {
  const k = Object.entries(form).find(([name, v]) => /^k_\d+$/.test(name) && v === key);
  if (!k) throw new Error(`no row ${key} on the page`);
  return field === 'valgt' ? `v_${k[0].slice(2)}` : `f_${k[0].slice(2)}_${field}`;
}

const versions = (tjenesteId: number, register: string) =>
  ctx.db
    .selectFrom('register_version')
    .select(['id', 'version_no', 'kilde', 'begrunnelse', 'restored_from', 'created_by', 'file_name', 'content_hash'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('register', '=', register)
    .orderBy('version_no')
    .execute();
const lonnsarter = async (tjenesteId: number) => {
  const v = (await versions(tjenesteId, 'lonnsarter')).at(-1);
  return ctx.db.selectFrom('lonnsart').selectAll().where('version_id', '=', v!.id).orderBy('kode').execute();
};

async function regnskap(t?: TestTjeneste) {
  const tj = t ?? (await createTjeneste(ctx.db));
  if (!t) await seedRegisters(ctx.db, tj.id);
  const { agent } = await loginAgent(ctx.app, tj.users.regnskap.email);
  return { t: tj, agent };
}

async function editForm(agent: Agent, slug: string, register: string, query = '') {
  const page = await agent.get(`/t/${slug}/import/${register}/rediger${query}`);
  expect(page.status, page.text).toBe(200);
  return { html: page.text, form: formOf(page.text, `/import/${register}/rediger`) };
}

describe('editing a register in the browser', () => {
  it('when regnskap fixes a lønnsart name with a reason, then one new version records it was edited in the app, by whom and why; the other rows stay as stored', async () => {
    const { t, agent } = await regnskap();
    const before = await lonnsarter(t.id);
    const { form } = await editForm(agent, t.slug, 'lonnsarter');
    form[fieldOf(form, '2030', 'navn')] = 'Støttekontakt (timer)';
    form['begrunnelse'] = 'Rettet navn etter møtet';
    const saved = await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(form);
    expect(saved.status, saved.text).toBe(303);
    const after = await agent.get(saved.headers.location as string);
    expect(after.text).toContain('Lønnsarter er lagret som versjon 2 (1 endret, 0 lagt til, 0 fjernet).');

    const v = await versions(t.id, 'lonnsarter');
    expect(v.map((x) => [x.version_no, x.kilde, x.begrunnelse, x.created_by])).toEqual([
      [1, 'fil', null, null],
      [2, 'app', 'Rettet navn etter møtet', t.users.regnskap.id],
    ]);
    const rows = await lonnsarter(t.id);
    expect(rows.find((r) => r.kode === '2030')?.navn).toBe('Støttekontakt (timer)');
    const strip = (r: Record<string, unknown>) => ({ ...r, version_id: 0, navn: r['kode'] === '2030' ? '' : r['navn'] });
    expect(rows.map(strip)).toEqual(before.map(strip));

    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'entity', 'summary']).where('tjeneste_id', '=', t.id).where('entity', '=', 'lonnsarter').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'endret' });
    expect(audit[0]?.summary).toContain('Endret lønnsarter i appen: versjon 2 (1 endret, 0 lagt til, 0 fjernet');
    expect(audit[0]?.summary).toContain('Begrunnelse: Rettet navn etter møtet');

    const history = await agent.get(`/t/${t.slug}/import/lonnsarter/versjoner`);
    expect(history.text).toContain('Endret i appen');
    expect(history.text).toContain('«Rettet navn etter møtet»');

    // the same form again (nothing changed on it now): no version
    const again = await editForm(agent, t.slug, 'lonnsarter');
    const same = await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(again.form);
    expect(same.status).toBe(303);
    expect((await agent.get(same.headers.location as string)).text).toContain('Ingen endringer – ingen ny versjon ble laget.');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(2);
  });

  it('when several rows are selected and «Sett AGA = Ja» is chosen, then each of them has AGA set in one new version', async () => {
    const { t, agent } = await regnskap();
    expect((await lonnsarter(t.id)).filter((r) => r.aga === false).map((r) => r.kode)).toEqual(['2020']);
    const { form, html } = await editForm(agent, t.slug, 'lonnsarter');
    expect(decode(html)).toContain('<option value="sett:aga:Ja">Sett AGA = Ja</option>');
    form[fieldOf(form, '2020', 'valgt')] = '1';
    form[fieldOf(form, '2030', 'valgt')] = '1';
    form['handling'] = 'sett:aga:Ja';
    const saved = await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(form);
    expect(saved.status, saved.text).toBe(303);
    const rows = await lonnsarter(t.id);
    expect(rows.map((r) => [r.kode, r.aga])).toEqual([
      ['2010', true],
      ['2020', true],
      ['2030', true],
    ]);
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(2);
  });

  it('when a funksjon is added to the kontoplan and a row removed, then the new version has it with its KOSTRA funksjon and lacks the removed one', async () => {
    const { t, agent } = await regnskap();
    const { form, html } = await editForm(agent, t.slug, 'kontoplan');
    expect(html).toContain('name="n_0_dimensjon"');
    form['n_0_dimensjon'] = 'funksjon';
    form['n_0_kode'] = '2512';
    form['n_0_navn'] = 'Tiltak i hjemmet – foreldrestøtte';
    form[fieldOf(form, 'art:11600', 'valgt')] = '1';
    form['handling'] = 'fjern';
    const saved = await agent.post(`/t/${t.slug}/import/kontoplan/rediger`).type('form').send(form);
    expect(saved.status, saved.text).toBe(303);
    expect((await agent.get(saved.headers.location as string)).text).toContain('Kontoplan er lagret som versjon 2 (0 endret, 1 lagt til, 1 fjernet).');
    const v = (await versions(t.id, 'kontoplan')).at(-1)!;
    const rows = await ctx.db.selectFrom('kontoplan_konto').selectAll().where('version_id', '=', v.id).execute();
    expect(rows.find((r) => r.kode === '2512')).toMatchObject({ dimensjon: 'funksjon', navn: 'Tiltak i hjemmet – foreldrestøtte', aktiv: true, kostra: '251' });
    expect(rows.some((r) => r.kode === '11600')).toBe(false);
    expect(rows).toHaveLength(16);
  });

  it('when an art in use is removed in the app, then nothing is saved until the user has seen what uses it and confirmed', async () => {
    const { t, agent } = await regnskap();
    const { form } = await editForm(agent, t.slug, 'kontoplan');
    form[fieldOf(form, 'art:14700', 'valgt')] = '1';
    form['handling'] = 'fjern';
    const asked = await agent.post(`/t/${t.slug}/import/kontoplan/rediger`).type('form').send(form);
    expect(asked.status).toBe(400);
    expect(asked.text).toContain('Ikke lagret ennå: noe av det du fjerner, er i bruk.');
    expect(asked.text).toContain('Dette brukes av kodeverket i dag');
    expect(asked.text).toMatch(/Art 14700[^<]*brukes av/);
    expect(await versions(t.id, 'kontoplan')).toHaveLength(1);
    const again = formOf(asked.text, '/import/kontoplan/rediger');
    expect(again[fieldOf(again, 'art:14700', 'valgt')]).toBe('1');
    expect(again['handling']).toBe('fjern');
    again['bekreft_fjerning'] = 'ja';
    expect((await agent.post(`/t/${t.slug}/import/kontoplan/rediger`).type('form').send(again)).status).toBe(303);
    expect(await versions(t.id, 'kontoplan')).toHaveLength(2);
  });

  it('when a value breaks the import rules, then nothing is saved and the page shows the Norwegian message at the row with the user’s values kept', async () => {
    const { t, agent } = await regnskap();
    const { form } = await editForm(agent, t.slug, 'lonnsarter');
    form[fieldOf(form, '2030', 'aga')] = 'kanskje';
    form[fieldOf(form, '2020', 'art')] = '99999';
    form[fieldOf(form, '2010', 'navn')] = 'Fosterhjem – godtgjørelse';
    form['n_0_kode'] = '2040';
    form['n_0_art'] = '10500';
    const refused = await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(form);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Ikke lagret: 3 verdier må rettes.');
    expect(refused.text).toContain('«kanskje» er ikke et gyldig svar for AGA. Skriv Ja eller Nei (eller la cellen stå tom).');
    expect(refused.text).toContain('Lønnsarten mangler navn. Fyll inn navnet.');
    expect(refused.text).toMatch(/99999[^<]*finnes ikke i kontoplanen/);
    // the user's own values are still in the form
    const again = formOf(refused.text, '/import/lonnsarter/rediger');
    expect(again[fieldOf(again, '2010', 'navn')]).toBe('Fosterhjem – godtgjørelse');
    expect(again[fieldOf(again, '2030', 'aga')]).toBe('kanskje');
    expect(again['n_0_kode']).toBe('2040');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(1);
  });

  it('when two people edit the same version, then the second save is refused with what the first changed, and saving again goes on top of it', async () => {
    const { t, agent: first } = await regnskap();
    const { agent: second } = await loginAgent(ctx.app, t.users.admin.email);
    const a = await editForm(first, t.slug, 'lonnsarter');
    const b = await editForm(second, t.slug, 'lonnsarter');
    a.form[fieldOf(a.form, '2030', 'navn')] = 'Støttekontakt (timer)';
    expect((await first.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(a.form)).status).toBe(303);

    b.form[fieldOf(b.form, '2020', 'skattepliktig')] = 'Ja';
    const refused = await second.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(b.form);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Endret av en annen');
    expect(refused.text).toMatch(/lagret versjon 2 .* mens du redigerte\. Endringene dine er ikke lagret\./);
    expect(refused.text).toContain('Lønnsart 2030 Støttekontakt (timer): Navn Støttekontakt → Støttekontakt (timer)');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(2);

    // the refused page keeps the second user's choice and is now based on version 2
    const retry = formOf(refused.text, '/import/lonnsarter/rediger');
    expect(retry['versjon']).toBe('2');
    expect(retry[fieldOf(retry, '2020', 'skattepliktig')]).toBe('Ja');
    expect((await second.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(retry)).status).toBe(303);
    const rows = await lonnsarter(t.id);
    expect(rows.find((r) => r.kode === '2030')?.navn).toBe('Støttekontakt (timer)');
    expect(rows.find((r) => r.kode === '2020')?.skattepliktig).toBe(true);
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(3);
  });

  it('when a kontoplan has more rows than a page, then the edit page shows one page of inputs and finds rows by search', async () => {
    const t = await createTjeneste(ctx.db);
    const arter = Array.from({ length: 10_000 }, (_, i) => ({
      dimensjon: 'ansvar' as const,
      kode: String(100000 + i),
      navn: `Ansvar ${i}`,
      aktiv: true,
      kostra: null,
      kontoklasse: null,
    }));
    await seedRegisters(ctx.db, t.id, { kontoplan: arter });
    const { agent } = await regnskap(t);
    const { html } = await editForm(agent, t.slug, 'kontoplan');
    expect((html.match(/name="k_\d+"/g) ?? []).length).toBe(50);
    expect(html).toContain('Side 1 av 200');
    const found = await editForm(agent, t.slug, 'kontoplan', '?sok=109999');
    expect(Object.values(found.form)).toContain('ansvar:109999');
    found.form[fieldOf(found.form, 'ansvar:109999', 'navn')] = 'Barnevern Flakstad';
    const saved = await agent.post(`/t/${t.slug}/import/kontoplan/rediger`).type('form').send(found.form);
    expect(saved.status, saved.text).toBe(303);
    expect(saved.headers.location).toBe(`/t/${t.slug}/import/kontoplan/rediger?sok=109999`);
    const v = (await versions(t.id, 'kontoplan')).at(-1)!;
    expect(v.version_no).toBe(2);
    const n = await ctx.db
      .selectFrom('kontoplan_konto')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('version_id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(10_000);
  });

  it('when an approved kodeverk’s lønnsart is edited in the app, then each kommune’s approval is outdated and the change is listed with who made it', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    expect((await loadKommuneReviews(ctx.db, t.id)).every((k) => k.status === 'godkjent' && !k.outdated)).toBe(true);
    const { agent } = await regnskap(t);
    const { form } = await editForm(agent, t.slug, 'lonnsarter');
    form[fieldOf(form, '2030', 'art')] = '10100';
    expect((await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(form)).status).toBe(303);
    const reviews = await loadKommuneReviews(ctx.db, t.id);
    expect(reviews.every((k) => k.outdated)).toBe(true);
    expect(reviews[0]?.changes.map((c) => c.summary).join('\n')).toContain('Endret lønnsarter i appen: versjon 2');
  });
});

describe('restoring an older version', () => {
  it('when «Gjenopprett» is opened on version 1, then the diff against the current version is shown first, and confirming makes a new version with version 1’s content', async () => {
    const { t, agent } = await regnskap();
    const { form } = await editForm(agent, t.slug, 'lonnsarter');
    form[fieldOf(form, '2030', 'navn')] = 'Støttekontakt (timer)';
    await agent.post(`/t/${t.slug}/import/lonnsarter/rediger`).type('form').send(form);

    const history = await agent.get(`/t/${t.slug}/import/lonnsarter/versjoner`);
    expect(history.text).toContain(`href="/t/${t.slug}/import/lonnsarter/versjoner/1/gjenopprett"`);
    const page = await agent.get(`/t/${t.slug}/import/lonnsarter/versjoner/1/gjenopprett`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lønnsart 2030 Støttekontakt: Navn Støttekontakt (timer) → Støttekontakt');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(2);

    const restore = formOf(page.text, '/versjoner/1/gjenopprett');
    restore['begrunnelse'] = 'Feil navn likevel';
    const done = await agent.post(`/t/${t.slug}/import/lonnsarter/versjoner/1/gjenopprett`).type('form').send(restore);
    expect(done.status).toBe(303);
    expect((await agent.get(done.headers.location as string)).text).toContain('Lønnsarter versjon 1 er gjenopprettet som versjon 3.');
    const v = await versions(t.id, 'lonnsarter');
    expect(v.map((x) => [x.version_no, x.kilde, x.restored_from, x.begrunnelse])).toEqual([
      [1, 'fil', null, null],
      [2, 'app', null, null],
      [3, 'gjenoppretting', 1, 'Feil navn likevel'],
    ]);
    expect(v[2]?.content_hash).toBe(v[0]?.content_hash);
    const audit = await ctx.db.selectFrom('audit_log').select('summary').where('tjeneste_id', '=', t.id).where('action', '=', 'gjenopprettet').execute();
    expect(audit[0]?.summary).toContain('Gjenopprettet lønnsarter versjon 1 som versjon 3');

    // the same form again: the current version is no longer the one the diff was shown against
    const stale = await agent.post(`/t/${t.slug}/import/lonnsarter/versjoner/1/gjenopprett`).type('form').send(restore);
    expect(stale.status).toBe(303);
    expect((await agent.get(stale.headers.location as string)).text).toContain('Ikke gjenopprettet: en annen har lagret versjon 3');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(3);
  });

  it('when a reader opens the edit or restore page, then it is refused', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    expect((await agent.get(`/t/${t.slug}/import/lonnsarter/rediger`)).status).toBe(403);
    expect((await agent.get(`/t/${t.slug}/import/lonnsarter/versjoner/1/gjenopprett`)).status).toBe(403);
  });
});
