import { sql } from 'kysely';
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

export interface AuditFilter {
  limit: number;
  beforeId?: string | undefined;
  userLabel?: string | undefined;
  entities?: readonly string[] | undefined;
  /** days in Norwegian time, YYYY-MM-DD, both inclusive */
  fromDay?: string | undefined;
  toDay?: string | undefined;
}

export async function listAudit(db: Executor, tjenesteId: number, opts: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_label', 'action', 'entity', 'entity_id', 'summary', 'before', 'after'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  if (opts.userLabel) q = q.where('user_label', '=', opts.userLabel);
  if (opts.entities && opts.entities.length > 0) q = q.where('entity', 'in', [...opts.entities]);
  if (opts.fromDay) q = q.where(sql<string>`(at at time zone 'Europe/Oslo')::date`, '>=', sql<string>`${opts.fromDay}::date`);
  if (opts.toDay) q = q.where(sql<string>`(at at time zone 'Europe/Oslo')::date`, '<=', sql<string>`${opts.toDay}::date`);
  return q.execute();
}

/** Who and what appear in a tjeneste's log: the choices of its filters. */
export async function auditFacets(db: Executor, tjenesteId: number): Promise<{ people: string[]; entities: string[] }> {
  const [people, entities] = await Promise.all([
    db.selectFrom('audit_log').select('user_label').distinct().where('tjeneste_id', '=', tjenesteId).orderBy('user_label').execute(),
    db.selectFrom('audit_log').select('entity').distinct().where('tjeneste_id', '=', tjenesteId).execute(),
  ]);
  return { people: people.map((p) => p.user_label), entities: entities.map((e) => e.entity) };
}
