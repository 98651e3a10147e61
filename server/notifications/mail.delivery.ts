import nodemailer from 'nodemailer';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/log.ts';
import * as repo from './notifications.repository.ts';

export interface MailTransport {
  sendMail(m: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

/** nodemailer over the SMTP_URL; short timeouts, so a dead server costs a retry, not a hung worker. */
export function createTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
}

/** 30 s, 1 min, 2 min … at most an hour between tries; after MAX_ATTEMPTS the mail is marked feilet. */
const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
const MAX_ATTEMPTS = 10;
/** A mail that waited longer (SMTP set up long after the change) is stale: the app already showed it. */
const STALE_AFTER_MS = 3 * 24 * 3_600_000;
const LEASE_MS = 5 * 60_000;

/** Sends what is due. Returns what happened, for the worker's log and the tests. */
export async function deliverDue(db: Db, transport: MailTransport, from: string, now: Date, log?: Logger, limit = 20) {
  const due = await repo.claimDue(db, now, new Date(now.getTime() + LEASE_MS), limit);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    if (now.getTime() - new Date(m.created_at).getTime() > STALE_AFTER_MS) {
      await repo.markStale(db, m.id);
      continue;
    }
    try {
      await transport.sendMail({ from, to: m.to_address, subject: m.subject, text: m.body });
      await repo.markSent(db, m.id, now);
      sent++;
    } catch (err) {
      const attempts = m.attempts + 1;
      await repo.markFailed(db, m.id, attempts, attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoffMs(attempts)), err instanceof Error ? err.message : String(err));
      log?.warn({ mailId: m.id, attempts, err: err instanceof Error ? err.message : String(err) }, 'mail not sent');
      failed++;
    }
  }
  return { claimed: due.length, sent, failed };
}
