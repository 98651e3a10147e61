import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { seedRegisters } from '../support/registers.ts';
import type { Db } from '../../server/platform/db/database.ts';

// The meeting's day: deadlines before 5 December 2026 are overdue.
const NOW = new Date('2026-12-05T10:00:00Z');
let db: Db;
let app: Express;
let close: () => Promise<void>;
beforeAll(async () => {
  const handle = await createTestDatabase();
  db = handle.db;
  close = () => handle.close();
  app = buildApp(db, {}, () => NOW);
});
afterAll(() => close());

const settingsOf = (t: TestTjeneste) => db.selectFrom('tjeneste_settings').selectAll().where('tjeneste_id', '=', t.id).executeTakeFirst();
const questionRow = (t: TestTjeneste, key: string) => db.selectFrom('open_question').selectAll().where('tjeneste_id', '=', t.id).where('question_key', '=', key).executeTakeFirst();

async function holdMeeting(t: TestTjeneste) {
  const admin = await loginAgent(app, t.users.admin.email);
  const created = await admin.agent
    .post(`/t/${t.slug}/moter`)
    .type('form')
    .send({ _csrf: await admin.csrf(), dato: '2026-12-05', tittel: 'Kodeverkdag', deltakere: 'Kari Nordmann, barnevernleder\nOla Hansen, regnskap' });
  expect(created.status).toBe(303);
  const url = String(created.headers.location);
  expect(url).toMatch(new RegExp(`^/t/${t.slug}/moter/\\d+$`));
  const meetingId = Number(url.split('/').pop());
  const page = await admin.agent.get(url);
  const items = await db.selectFrom('meeting_item').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
  return { admin, url, meetingId, page, items };
}

describe('open questions', () => {
  it('when nothing is decided, then the checklist items and the undecided settings are open questions, grouped per area', async () => {
    const t = await createTjeneste(db);
    const { agent } = await loginAgent(app, t.users.lesetilgang.email);
    const res = await agent.get(`/t/${t.slug}/sporsmal`);
    expect(res.status).toBe(200);
    for (const text of [
      'Avklar Autopay',
      'Avklar med økonomi om dere skal ta i bruk modulen for utbetalinger',
      'Avklar med lønn om dere skal ta i bruk lønnsmodulen',
      'Ha oversikt over kontoplanen',
      'Få alle kommuner godkjent',
    ])
      expect(res.text).toContain(text);
    expect(res.text.indexOf('id="omrade-okonomi"')).toBeLessThan(res.text.indexOf('id="omrade-autopay"'));
    // a reader sees the forms but cannot use them
    expect(res.text).toMatch(/<fieldset disabled>/);
  });

  it('when «Avklar Autopay» is given to regnskap with a deadline, then the Oversikt shows the owner, and once the deadline passes it stands out', async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.admin.email);
    const res = await agent
      .post(`/t/${t.slug}/sporsmal/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), ansvarlig: 'p:regnskap', frist: '2026-12-10', status: 'apen', avtale: 'ikke_avklart', godkjenning: 'ikke_avklart', antall_godkjennere: '' });
    expect(res.status).toBe(303);
    const row = await questionRow(t, 'autopay');
    expect(row).toMatchObject({ owner_party: 'regnskap', owner_user_id: null, deadline: '2026-12-10', status: 'apen' });
    // nothing about Autopay was changed by giving the question an owner
    expect((await settingsOf(t))?.autopay_avtale ?? 'ikke_avklart').toBe('ikke_avklart');
    let home = await agent.get(`/t/${t.slug}`);
    expect(home.text).toContain('Ansvarlig: regnskap · frist 10. desember 2026');
    expect(home.text).not.toContain('Over fristen');

    await agent
      .post(`/t/${t.slug}/sporsmal/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), ansvarlig: 'p:regnskap', frist: '2026-12-01', status: 'apen', avtale: 'ikke_avklart', godkjenning: 'ikke_avklart' });
    home = await agent.get(`/t/${t.slug}`);
    expect(home.text).toContain('Over fristen');
    expect(home.text).toMatch(/overdue-box[\s\S]*Avklar Autopay<\/a> – regnskap, frist 1\. desember 2026/);
  });

  it('when a question is answered with a bad kontonummer, then every message is shown and neither the setting nor the question changes', async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
    const res = await agent
      .post(`/t/${t.slug}/sporsmal/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), ansvarlig: 'p:regnskap', frist: '2026-02-30', status: 'apen', avtale: 'ja', kontonummer: '4530.12.34567', godkjenning: 'ja', antall_godkjennere: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('kontrollsiffer');
    expect(res.text).toContain('finnes ikke i kalenderen');
    expect(res.text).toContain('Velg hvor mange som må godkjenne');
    expect(res.text).toContain('value="4530.12.34567"');
    expect(await settingsOf(t)).toBeUndefined();
    expect(await questionRow(t, 'autopay')).toBeUndefined();
  });

  it('when a derived question is marked avklart by hand, then it is refused: it is avklart when the work is done', async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
    const res = await agent
      .post(`/t/${t.slug}/sporsmal/godkjenning`)
      .type('form')
      .send({ _csrf: await csrf(), status: 'avklart' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('blir avklart av seg selv');
    expect(await questionRow(t, 'godkjenning')).toBeUndefined();
    // ikke aktuelt is the user's to decide
    expect(
      (
        await agent
          .post(`/t/${t.slug}/sporsmal/godkjenning`)
          .type('form')
          .send({ _csrf: await csrf(), status: 'ikke_aktuelt', beslutning: 'Tas i neste møte' })
      ).status,
    ).toBe(303);
    expect(await questionRow(t, 'godkjenning')).toMatchObject({ status: 'ikke_aktuelt', decision: 'Tas i neste møte' });
  });

  it('when a user adds a question for a member, then it is listed with its owner; a member of another tjeneste cannot be made owner', async () => {
    const t = await createTjeneste(db);
    const other = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.admin.email);
    const refused = await agent
      .post(`/t/${t.slug}/sporsmal`)
      .type('form')
      .send({ _csrf: await csrf(), omrade: 'lonn', tittel: 'Enes om rutiner', ansvarlig: `u:${other.users.regnskap.id}` });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('ikke medlem av tjenesten');
    const empty = await agent
      .post(`/t/${t.slug}/sporsmal`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Velg hvilket område');
    expect(empty.text).toContain('Spørsmålet må fylles ut.');
    const ok = await agent
      .post(`/t/${t.slug}/sporsmal`)
      .type('form')
      .send({ _csrf: await csrf(), omrade: 'lonn', tittel: 'Barneverntjenesten og lønn må enes om rutiner', ansvarlig: `u:${t.users.regnskap.id}`, frist: '2027-01-15' });
    expect(ok.status).toBe(303);
    const page = await agent.get(`/t/${t.slug}/sporsmal`);
    expect(page.text).toContain('Barneverntjenesten og lønn må enes om rutiner');
    expect(page.text).toContain(`Ansvarlig: ${t.users.regnskap.navn} · frist 15. januar 2027`);
  });
});

describe('the meeting', () => {
  it('when a meeting is held, then its agenda comes from the open questions per area, and the Autopay decision sets the Autopay setting', async () => {
    const t = await createTjeneste(db);
    await seedRegisters(db, t.id);
    const { admin, url, meetingId, page, items } = await holdMeeting(t);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kodeverkdag – 5. desember 2026');
    // the answer's choices carry their codes (a browser posts the option's value)
    expect(page.text).toMatch(/<select id="q-autopay-avtale" name="avtale"><option value="ja">Ja<\/option><option value="nei">Nei<\/option><option value="ikke_avklart" selected>/);
    expect(page.text).toMatch(/<select id="q-autopay-status" name="status"><option value="apen" selected>Åpen<\/option><option value="ikke_aktuelt">/);
    expect(page.text).toContain('<option value="p:regnskap">regnskap (uten brukerkonto)</option>');
    const areas = items.map((i) => i.area);
    expect(areas.indexOf('okonomi')).toBeLessThan(areas.indexOf('autopay'));
    expect(areas.indexOf('autopay')).toBeLessThan(areas.indexOf('godkjenning'));
    const autopay = items.find((i) => i.title === 'Avklar Autopay')!;
    expect(autopay).toBeDefined();

    // in the meeting: give it to regnskap with a deadline, note the discussion, record the answer
    const res = await admin.agent
      .post(`${url}/punkter/${autopay.id}`)
      .type('form')
      .send({
        _csrf: await admin.csrf(),
        sporsmal: 'autopay',
        notater: 'Regnskap bekreftet avtalen med banken.',
        ansvarlig: 'p:regnskap',
        frist: '2026-12-12',
        status: 'apen',
        avtale: 'ja',
        kontonummer: '4530.12.34566',
        godkjenning: 'ja',
        antall_godkjennere: '2',
      });
    expect(res.status).toBe(303);
    expect(await settingsOf(t)).toMatchObject({ autopay_avtale: 'ja', autopay_kontonummer: '45301234566', autopay_godkjenning: 'ja', autopay_antall_godkjennere: 2 });
    expect(await questionRow(t, 'autopay')).toMatchObject({ status: 'avklart', owner_party: 'regnskap', deadline: '2026-12-12', decided_in_meeting_id: meetingId });
    expect((await db.selectFrom('meeting_item').select('notes').where('id', '=', autopay.id).executeTakeFirstOrThrow()).notes).toBe('Regnskap bekreftet avtalen med banken.');

    const after = await admin.agent.get(url);
    expect(after.text).toContain('<strong>Avklar Autopay:</strong> Autopay-avtale: ja, fra konto 4530.12.34566. Godkjenning i Autopay: ja, 2 godkjennere');
    expect(after.text).toContain('Regnskap bekreftet avtalen med banken.');
    // the checklist agrees with the decision
    const home = await admin.agent.get(`/t/${t.slug}`);
    expect(home.text).toMatch(/status-ok">\s*<span class="badge">Ferdig<\/span>\s*<a href="[^"]+">Autopay avklart/);

    // the settings page changed the same way; changing it there changes the decision the meeting shows
    const regnskap = await loginAgent(app, t.users.regnskap.email);
    await regnskap.agent
      .post(`/t/${t.slug}/innstillinger/autopay`)
      .type('form')
      .send({ _csrf: await regnskap.csrf(), avtale: 'nei', godkjenning: 'ikke_avklart' });
    const changed = await admin.agent.get(url);
    expect(changed.text).toContain('<strong>Avklar Autopay:</strong> Autopay-avtale: nei');
  });

  it('when an agenda item is saved with a bad answer, then its notes are not saved either and the form keeps what was typed', async () => {
    const t = await createTjeneste(db);
    const { admin, url, items } = await holdMeeting(t);
    const autopay = items.find((i) => i.title === 'Avklar Autopay')!;
    const res = await admin.agent
      .post(`${url}/punkter/${autopay.id}`)
      .type('form')
      .send({ _csrf: await admin.csrf(), sporsmal: 'autopay', notater: 'Skal ikke lagres', status: 'apen', avtale: 'ja', kontonummer: '123', godkjenning: 'nei' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Kontonummer må ha 11 sifre');
    expect(res.text).toContain('Skal ikke lagres');
    expect((await db.selectFrom('meeting_item').select('notes').where('id', '=', autopay.id).executeTakeFirstOrThrow()).notes).toBe('');
    expect(await settingsOf(t)).toBeUndefined();
  });

  it('when a free item is added and the header saved, then they are kept; a meeting of another tjeneste is a 404', async () => {
    const t = await createTjeneste(db);
    const { admin, url, meetingId } = await holdMeeting(t);
    expect(
      (
        await admin.agent
          .post(`${url}/punkter`)
          .type('form')
          .send({ _csrf: await admin.csrf(), tittel: 'Rutiner for refusjon', omrade: '' })
      ).status,
    ).toBe(303);
    expect(
      (
        await admin.agent
          .post(url)
          .type('form')
          .send({ _csrf: await admin.csrf(), dato: '2026-12-06', tittel: 'Kodeverkdag 2', deltakere: 'Kari', notater: 'Neste møte i januar.' })
      ).status,
    ).toBe(303);
    const page = await admin.agent.get(url);
    expect(page.text).toContain('Andre punkter');
    expect(page.text).toContain('Rutiner for refusjon');
    expect(page.text).toContain('Neste møte i januar.');
    const bad = await admin.agent
      .post(url)
      .type('form')
      .send({ _csrf: await admin.csrf(), dato: 'i morgen', tittel: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Møtedatoen må være en dato');
    expect(bad.text).toContain('Tittelen må fylles ut.');

    const other = await createTjeneste(db);
    const stranger = await loginAgent(app, other.users.admin.email);
    expect((await stranger.agent.get(`/t/${other.slug}/moter/${meetingId}`)).status).toBe(404);
    expect(
      (
        await stranger.agent
          .post(`/t/${other.slug}/moter/${meetingId}`)
          .type('form')
          .send({ _csrf: await stranger.csrf(), dato: '2026-12-06', tittel: 'x' })
      ).status,
    ).toBe(404);
  });

  it("when notes are written in the checklist's «Notater fra møtet» box, then they are saved on the latest meeting and printed", async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.admin.email);
    expect(
      (
        await agent
          .post(`/t/${t.slug}/sjekkliste/notater`)
          .type('form')
          .send({ _csrf: await csrf(), notater: 'Lønn kommer neste gang.' })
      ).status,
    ).toBe(303);
    const meetings = await db.selectFrom('meeting').selectAll().where('tjeneste_id', '=', t.id).execute();
    expect(meetings).toHaveLength(1);
    expect(meetings[0]).toMatchObject({ notes: 'Lønn kommer neste gang.', held_on: '2026-12-05' });
    const page = await agent.get(`/t/${t.slug}/sjekkliste`);
    expect(page.text).toContain('<div class="notes notes-print">Lønn kommer neste gang.</div>');
    // a reader sees the notes, not the form
    const reader = await loginAgent(app, t.users.lesetilgang.email);
    const read = await reader.agent.get(`/t/${t.slug}/sjekkliste`);
    expect(read.text).toContain('Lønn kommer neste gang.');
    expect(read.text).not.toContain('/sjekkliste/notater');
  });
});
