import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/log.ts';
import { createTransport, deliverDue } from './mail.delivery.ts';

/**
 * The background side of notifications: every interval, put the reminders that are due in the outbox (`remind`, given
 * by the composition root: the reminders belong to what they remind of, e.g. a question past its deadline), and
 * (when SMTP is configured) send what the outbox holds. Idempotent and safe to run in several instances.
 */
export function startMailWorker(deps: { db: Db; config: Config; log: Logger; clock: () => Date; remind: (now: Date) => Promise<unknown> }, intervalMs = 15_000): () => void {
  const transport = deps.config.mail ? createTransport(deps.config.mail.smtpUrl) : null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = deps.clock();
      await deps.remind(now);
      if (transport && deps.config.mail) {
        const r = await deliverDue(deps.db, transport, deps.config.mail.from, now, deps.log);
        if (r.claimed) deps.log.info(r, 'mail delivered');
      }
    } catch (err) {
      deps.log.warn({ err }, 'mail worker tick failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
