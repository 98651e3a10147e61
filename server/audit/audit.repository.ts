import type { Executor } from '../platform/db/database.ts';

export interface AuditEntry {
  tjenesteId: number | null;
  actor: { id: number; label: string } | null;
  action: string; // opprettet | endret | slettet | importert | godkjent | …
  entity: string;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Append-only; call it inside the same transaction as the change it describes. */
export async function recordAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      tjeneste_id: e.tjenesteId,
      user_id: e.actor?.id ?? null,
      user_label: e.actor?.label ?? 'system',
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId == null ? null : String(e.entityId),
      summary: e.summary,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

export async function listAudit(db: Executor, tjenesteId: number, opts: { limit: number; beforeId?: string | undefined }) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_label', 'action', 'entity', 'entity_id', 'summary', 'before', 'after'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.execute();
}
