import type { Config } from '../config.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import type { FieldErrors } from '../platform/http/forms.ts';
import { canAdminister } from '../auth/permissions.ts';
import { CATEGORY_LABEL, myNotifications, outboxOf } from './notifications.service.ts';

// The Varsler pages (reads only). `mail` is the installation's e-mail setup: without it a notification is only shown.

const STATUS_LABEL: Record<string, string> = { venter: 'Venter', sendt: 'Sendt', feilet: 'Feilet', foreldet: 'Ikke sendt (for gammel)' };
const categoryLabel = (c: string) => (CATEGORY_LABEL as Record<string, string>)[c] ?? c;

/** «Varsler»: the user's own notifications and their switches; a refused form's messages in `errors`. */
export async function notificationsPage(db: Executor, actor: Actor, mail: Config['mail'], errors?: FieldErrors) {
  const { items, categories } = await myNotifications(db, actor.tjenesteId, actor.userId);
  return {
    title: 'Varsler',
    mailOn: !!mail,
    mailFrom: mail?.from ?? null,
    isAdmin: canAdminister({ userId: actor.userId, roles: actor.roles }),
    items: items.map((i) => ({ ...i, categoryLabel: categoryLabel(i.category), statusLabel: mail ? (STATUS_LABEL[i.status] ?? i.status) : 'Vist her (e-post er ikke satt opp)' })),
    categories,
    errors,
  };
}

/** «Utsending av e-post»: the tjeneste's outbox, counted per status. */
export async function outboxPage(db: Executor, actor: Actor, mail: Config['mail']) {
  const { rows, counts } = await outboxOf(db, actor.tjenesteId);
  return {
    title: 'Utsending av e-post',
    mailOn: !!mail,
    counts: Object.entries(STATUS_LABEL).map(([s, label]) => ({ status: s, label, n: counts[s] ?? 0 })),
    rows: rows.map((m) => ({ ...m, categoryLabel: categoryLabel(m.category), statusLabel: STATUS_LABEL[m.status] ?? m.status })),
  };
}
