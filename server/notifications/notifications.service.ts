import type { Db, Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import * as repo from './notifications.repository.ts';

/** What a user can turn off, one switch each. */
export const CATEGORIES = ['godkjenning', 'godkjenning_svar', 'sporsmal', 'eksport'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABEL: Record<Category, string> = {
  godkjenning: 'En kommune er sendt til godkjenning (til godkjennerne)',
  godkjenning_svar: 'En kommune du sendte er godkjent eller avvist',
  sporsmal: 'Et spørsmål er gitt til deg, eller har passert fristen',
  eksport: 'En endelig eksport er laget (til administratorene)',
};

/** Who did it, as a mail says it («Kari Nordmann»), from the actor's label «Kari Nordmann <kari@…>». */
const who = (label: string) => label.replace(/\s*<[^>]*>\s*$/, '') || label;

async function enqueue(db: Executor, tjenesteId: number, category: Category, recipients: readonly repo.Recipient[], exceptUserId: number | null, subject: string, body: (r: repo.Recipient) => string) {
  const t = await repo.tjenesteOf(db, tjenesteId);
  const footer = `\n\n– Kodeverk, ${t.navn}\nDu får denne e-posten fordi du er med i ${t.navn}. Du kan slå av denne typen varsler under Varsler i appen.`;
  await repo.insertOutbox(
    db,
    recipients
      .filter((r) => r.id !== exceptUserId)
      .map((r) => ({ tjeneste_id: tjenesteId, recipient_user_id: r.id, to_address: r.email, category, subject: `[${t.navn}] ${subject}`, body: `Hei ${r.navn},\n\n${body(r)}${footer}` })),
  );
}

// ---- Events: each called once, inside the transaction of the change it tells about ----

/** Kommuner sent to approval: to the godkjennere. */
export async function notifySubmitted(trx: Executor, actor: Actor, kommuner: readonly string[]) {
  if (kommuner.length === 0) return;
  const names = kommuner.join(', ');
  await enqueue(
    trx,
    actor.tjenesteId,
    'godkjenning',
    await repo.membersWithRole(trx, actor.tjenesteId, ['godkjenner'], 'godkjenning'),
    actor.userId,
    `Til godkjenning: ${names}`,
    () => `${who(actor.label)} har sendt ${names} til godkjenning.\n\nGå til Godkjenning i Kodeverk for å se kontostrengene og godkjenne eller avvise.`,
  );
}

/** A kommune approved or rejected: to whoever sent it, with the comment. */
export async function notifyDecided(trx: Executor, actor: Actor, k: { kommunenummer: string; navn: string; decision: 'godkjent' | 'avvist'; comment: string | null }) {
  const senderId = await repo.lastSubmitter(trx, actor.tjenesteId, k.kommunenummer);
  const sender = senderId === null ? null : await repo.member(trx, actor.tjenesteId, senderId, 'godkjenning_svar');
  if (!sender) return;
  const verb = k.decision === 'godkjent' ? 'godkjent' : 'avvist';
  await enqueue(trx, actor.tjenesteId, 'godkjenning_svar', [sender], actor.userId, `${k.navn} er ${verb}`, () =>
    [
      `${who(actor.label)} har ${verb} ${k.navn}.`,
      k.comment ? `Kommentar: ${k.comment}` : null,
      k.decision === 'avvist' ? 'Rett det som står i kommentaren, og send kommunen til godkjenning igjen.' : null,
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
}

/** A question given to a member: to that member. */
export async function notifyQuestionAssigned(trx: Executor, actor: Actor, q: { userId: number; title: string; deadline: string | null }) {
  const owner = await repo.member(trx, actor.tjenesteId, q.userId, 'sporsmal');
  if (!owner) return;
  await enqueue(
    trx,
    actor.tjenesteId,
    'sporsmal',
    [owner],
    actor.userId,
    `Spørsmål til deg: ${q.title}`,
    () => `${who(actor.label)} har gitt deg spørsmålet «${q.title}»${q.deadline ? ` med frist ${q.deadline}` : ''}.\n\nSe Møter → Åpne spørsmål i Kodeverk.`,
  );
}

/** A question past its deadline: to its owner (once per deadline; the sweep marks it). */
export async function notifyQuestionOverdue(trx: Executor, tjenesteId: number, q: { userId: number; title: string; deadline: string }) {
  const owner = await repo.member(trx, tjenesteId, q.userId, 'sporsmal');
  if (!owner) return;
  await enqueue(
    trx,
    tjenesteId,
    'sporsmal',
    [owner],
    null,
    `Over fristen: ${q.title}`,
    () => `Spørsmålet «${q.title}» hadde frist ${q.deadline} og er fortsatt åpent.\n\nSe Møter → Åpne spørsmål i Kodeverk.`,
  );
}

/** A final export made: to the tjeneste's admins. */
export async function notifyFinalExport(trx: Executor, by: { userId: number | null; label: string; tjenesteId: number }, e: { exportNo: number; fileName: string }) {
  await enqueue(
    trx,
    by.tjenesteId,
    'eksport',
    await repo.membersWithRole(trx, by.tjenesteId, ['admin'], 'eksport'),
    by.userId,
    `Endelig eksport nr. ${e.exportNo}`,
    () => `${who(by.label)} har laget endelig eksport nr. ${e.exportNo} av kodeverket (${e.fileName}).\n\nPakken kan lastes ned under Eksport i Kodeverk.`,
  );
}

// ---- Pages ----

export async function myNotifications(db: Executor, tjenesteId: number, userId: number) {
  const [items, prefs] = await Promise.all([repo.listForUser(db, tjenesteId, userId), repo.preferencesOf(db, userId)]);
  return { items, categories: CATEGORIES.map((c) => ({ category: c, label: CATEGORY_LABEL[c], enabled: prefs[c] !== false })) };
}

export async function savePreferences(db: Db, userId: number, enabled: ReadonlySet<string>) {
  await repo.setPreferences(db, userId, Object.fromEntries(CATEGORIES.map((c) => [c, enabled.has(c)])));
}

export const outboxOf = async (db: Executor, tjenesteId: number) => ({ rows: await repo.listForTjeneste(db, tjenesteId), counts: await repo.countByStatus(db, tjenesteId) });
