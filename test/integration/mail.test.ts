import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { Express } from 'express';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { actorFor, mapAllKommuner, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { seedRegisters } from '../support/registers.ts';
import { closedPort } from '../support/tcp-proxy.ts';
import { loadConfig } from '../../server/config.ts';
import { createTransport, deliverDue } from '../../server/notifications/mail.delivery.ts';
import { applyQuestion } from '../../server/meeting/questions.service.ts';
import { sweepOverdue } from '../../server/meeting/overdue.ts';
import { finalExport } from '../../server/export/export.service.ts';
import type { Db } from '../../server/platform/db/database.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port, keeping what it receives. */
async function startSmtp(port = 0): Promise<{ port: number; mails: Received[]; stop: () => Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The text of a received mail (nodemailer sends UTF-8 text as quoted-printable). */
const bodyOf = (raw: string) => {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return /quoted-printable/i.test(raw)
    ? Buffer.from(
        body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8')
    : body;
};
const subjectOf = (raw: string) => {
  const m = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  // adjacent encoded words are one text (RFC 2047): join them before decoding
  return m
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?utf-8\?Q\?/gi, '')
    .replace(/=\?utf-8\?Q\?(.*?)\?=/gi, (_x, q: string) =>
      Buffer.from(
        q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8'),
    );
};

const FROM = 'Kodeverk <kodeverk@test.no>';
let db: Db;
let app: Express;
let close: () => Promise<void>;
// The outbox stamps rows with the database's clock: the tests use the real time, a second ahead.
const soon = () => new Date(Date.now() + 1000);
beforeAll(async () => {
  const handle = await createTestDatabase();
  db = handle.db;
  close = () => handle.close();
  app = buildApp(db);
});
afterAll(() => close());

const outbox = (t: TestTjeneste) => db.selectFrom('mail_outbox').selectAll().where('tjeneste_id', '=', t.id).orderBy('id').execute();

describe('e-mail when someone must act', () => {
  it('when regnskap sends a kommune to approval, then the godkjenner gets an e-mail through SMTP', async () => {
    const smtp = await startSmtp();
    try {
      const t = await createTjeneste(db);
      await seedRegisters(db, t.id);
      await mapAllKommuner(db, t);
      const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
      expect(
        (
          await agent
            .post(`/t/${t.slug}/godkjenning/1859/send`)
            .type('form')
            .send({ _csrf: await csrf() })
        ).status,
      ).toBe(303);
      const rows = await outbox(t);
      expect(rows.map((r) => [r.to_address, r.category, r.status])).toEqual([[t.users.godkjenner.email, 'godkjenning', 'venter']]);

      const r = await deliverDue(db, createTransport(`smtp://127.0.0.1:${smtp.port}`), FROM, soon());
      expect(r).toEqual({ claimed: 1, sent: 1, failed: 0 });
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]!;
      expect(mail.to).toEqual([t.users.godkjenner.email]);
      expect(mail.from).toBe('kodeverk@test.no');
      expect(subjectOf(mail.raw)).toContain('Til godkjenning: Flakstad');
      expect(bodyOf(mail.raw)).toContain(`${t.users.regnskap.navn} har sendt Flakstad til godkjenning.`);
      expect((await outbox(t))[0]).toMatchObject({ status: 'sendt', attempts: 1 });
      // sent once: a second round has nothing to do
      expect(await deliverDue(db, createTransport(`smtp://127.0.0.1:${smtp.port}`), FROM, soon())).toEqual({ claimed: 0, sent: 0, failed: 0 });
    } finally {
      await smtp.stop();
    }
  });

  it('when the godkjenner rejects with a comment, then whoever sent it (and only they) gets it, with the comment', async () => {
    const smtp = await startSmtp();
    try {
      const t = await createTjeneste(db);
      await seedRegisters(db, t.id);
      await mapAllKommuner(db, t);
      const regnskap = await loginAgent(app, t.users.regnskap2.email);
      await regnskap.agent
        .post(`/t/${t.slug}/godkjenning/1874/send`)
        .type('form')
        .send({ _csrf: await regnskap.csrf() });
      const godkjenner = await loginAgent(app, t.users.godkjenner.email);
      expect(
        (
          await godkjenner.agent
            .post(`/t/${t.slug}/godkjenning/1874/avvis`)
            .type('form')
            .send({ _csrf: await godkjenner.csrf(), kommentar: 'Ansvar 7120 skal være 7130.' })
        ).status,
      ).toBe(303);
      await deliverDue(db, createTransport(`smtp://127.0.0.1:${smtp.port}`), FROM, soon());
      const toSender = smtp.mails.filter((m) => m.to[0] === t.users.regnskap2.email);
      expect(toSender).toHaveLength(1);
      expect(subjectOf(toSender[0]!.raw)).toContain('Moskenes er avvist');
      expect(bodyOf(toSender[0]!.raw)).toContain('Kommentar: Ansvar 7120 skal være 7130.');
      // the other regnskap user did not send it and gets nothing
      expect(smtp.mails.some((m) => m.to[0] === t.users.regnskap.email)).toBe(false);
    } finally {
      await smtp.stop();
    }
  });

  it('when the change is rolled back, then no mail is queued', async () => {
    const t = await createTjeneste(db);
    const actor = actorFor(t, t.users.admin);
    await expect(
      db.transaction().execute(async (trx) => {
        const r = await applyQuestion(trx, actor, 'autopay', { ansvarlig: `u:${t.users.regnskap.id}`, ansvarlig_annen: null, frist: '2026-12-10', status: 'apen', beslutning: null }, null, null);
        expect(r.ok).toBe(true);
        // inside the transaction the mail is there
        expect(await trx.selectFrom('mail_outbox').select('id').where('tjeneste_id', '=', t.id).execute()).toHaveLength(1);
        throw new Error('angret');
      }),
    ).rejects.toThrow('angret');
    expect(await outbox(t)).toEqual([]);
    expect(await db.selectFrom('open_question').select('id').where('tjeneste_id', '=', t.id).execute()).toEqual([]);
  });

  it('when SMTP is down, then the mail waits and is retried with backoff, visible to the admin, and sent once SMTP is back', async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.admin.email);
    await agent
      .post(`/t/${t.slug}/sporsmal/autopay`)
      .type('form')
      .send({ _csrf: await csrf(), ansvarlig: `u:${t.users.regnskap.id}`, frist: '2026-12-10', status: 'apen', avtale: 'ikke_avklart', godkjenning: 'ikke_avklart' });
    const now = soon();
    const port = await closedPort();
    const down = createTransport(`smtp://127.0.0.1:${port}`);
    expect(await deliverDue(db, down, FROM, now)).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    let [row] = await outbox(t);
    expect(row).toMatchObject({ status: 'venter', attempts: 1, category: 'sporsmal', to_address: t.users.regnskap.email });
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(row!.next_attempt_at).getTime() - now.getTime()).toBe(30_000);
    // not due before the backoff has passed
    expect(await deliverDue(db, down, FROM, new Date(now.getTime() + 10_000))).toMatchObject({ claimed: 0 });
    expect(await deliverDue(db, down, FROM, new Date(now.getTime() + 31_000))).toMatchObject({ claimed: 1, failed: 1 });
    [row] = await outbox(t);
    expect(row!.attempts).toBe(2);
    expect(new Date(row!.next_attempt_at).getTime() - (now.getTime() + 31_000)).toBe(60_000);

    const admin = await agent.get(`/t/${t.slug}/varsler/utsending`);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('Venter: <strong>1</strong>');
    expect(admin.text).toMatch(/ECONNREFUSED|connect/i);
    const reader = await loginAgent(app, t.users.lesetilgang.email);
    expect((await reader.agent.get(`/t/${t.slug}/varsler/utsending`)).status).toBe(403);

    const smtp = await startSmtp(port);
    try {
      expect(await deliverDue(db, createTransport(`smtp://127.0.0.1:${port}`), FROM, new Date(now.getTime() + 92_000))).toMatchObject({ claimed: 1, sent: 1 });
      expect(smtp.mails).toHaveLength(1);
      expect(subjectOf(smtp.mails[0]!.raw)).toContain('Spørsmål til deg: Avklar Autopay');
      expect((await outbox(t))[0]).toMatchObject({ status: 'sendt', attempts: 3 });
    } finally {
      await smtp.stop();
    }
  });

  it('when a user turns a category off, then nothing of it is queued for them; others still get it', async () => {
    const t = await createTjeneste(db);
    const g = await loginAgent(app, t.users.godkjenner.email);
    // every switch but «godkjenning»
    expect(
      (
        await g.agent
          .post(`/t/${t.slug}/varsler/innstillinger`)
          .type('form')
          .send({ _csrf: await g.csrf(), kategori: ['godkjenning_svar', 'sporsmal', 'eksport'] })
      ).status,
    ).toBe(303);
    const page = await g.agent.get(`/t/${t.slug}/varsler`);
    expect(page.text).toMatch(/id="k-godkjenning" name="kategori" value="godkjenning">/);
    expect(page.text).toMatch(/id="k-sporsmal" name="kategori" value="sporsmal" checked>/);
    const bad = await g.agent
      .post(`/t/${t.slug}/varsler/innstillinger`)
      .type('form')
      .send({ _csrf: await g.csrf(), kategori: 'alt' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Ukjent varseltype');

    await seedRegisters(db, t.id);
    await mapAllKommuner(db, t);
    const r = await loginAgent(app, t.users.regnskap.email);
    await r.agent
      .post(`/t/${t.slug}/godkjenning/send`)
      .type('form')
      .send({ _csrf: await r.csrf() });
    expect(await outbox(t)).toEqual([]);
  });

  it('without SMTP, then each user sees the notifications the app would have sent; a final export tells the admins', async () => {
    const t = await createTjeneste(db);
    await prepareApprovedKodeverk(db, t);
    expect(loadConfig({ NODE_ENV: 'test' }).mail).toBeNull();
    const g = await loginAgent(app, t.users.godkjenner.email);
    const page = await g.agent.get(`/t/${t.slug}/varsler`);
    expect(page.text).toContain('E-post er ikke satt opp');
    expect(page.text).toContain('Til godkjenning: Vestvågøy, Flakstad, Moskenes');
    expect(page.text).toContain('Vist her (e-post er ikke satt opp)');
    // the regnskap user who sent them sees the approvals
    const r = await loginAgent(app, t.users.regnskap.email);
    expect((await r.agent.get(`/t/${t.slug}/varsler`)).text).toContain('Flakstad er godkjent');

    await finalExport(db, actorFor(t, t.users.regnskap) as never);
    const admins = (await outbox(t)).filter((m) => m.category === 'eksport');
    expect(admins.map((m) => m.to_address)).toEqual([t.users.admin.email]);
    expect(admins[0]!.subject).toContain('Endelig eksport nr. 1');
  });

  it('when a question given to a member passes its deadline, then the owner is told once; a question avklart meanwhile is not', async () => {
    const t = await createTjeneste(db);
    const { agent, csrf } = await loginAgent(app, t.users.admin.email);
    for (const key of ['autopay', 'modul_lonn'])
      await agent
        .post(`/t/${t.slug}/sporsmal/${key}`)
        .type('form')
        .send({ _csrf: await csrf(), ansvarlig: `u:${t.users.regnskap.id}`, frist: '2026-12-04', status: 'apen', avtale: 'ikke_avklart', godkjenning: 'ikke_avklart', modul_status: 'ikke_avklart' });
    // lønn is decided on the settings page: that question is avklart, whatever its row says
    await agent
      .post(`/t/${t.slug}/innstillinger/moduler`)
      .type('form')
      .send({ _csrf: await csrf(), okonomi_status: 'ikke_avklart', lonn_status: 'i_drift' });
    const before = (await outbox(t)).length;
    expect(await sweepOverdue(db, '2026-12-05')).toBeGreaterThanOrEqual(1);
    const overdue = (await outbox(t)).slice(before);
    expect(overdue.map((m) => m.subject)).toEqual([expect.stringContaining('Over fristen: Avklar Autopay')]);
    await sweepOverdue(db, '2026-12-06');
    expect((await outbox(t)).length).toBe(before + 1);
  });
});
