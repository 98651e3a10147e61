import { sql, type RawBuilder } from 'kysely';
import { parseTimestamptz } from '../platform/db/database.ts';

/**
 * Who changed what in a kommune's content since its last approval, read from the audit log (every change is audited
 * inside its own transaction, so the log is complete where the tables keep only the last editor).
 */
export interface ContentChange {
  id: number;
  userId: number | null;
  label: string;
  at: Date;
  action: string;
  entity: string;
  entityId: string | null;
  summary: string;
}

/**
 * Audit entities that are not part of any kommune's approval content. Everything else counts as a change, so an
 * entity added later (a new register, a new kind of setting) is covered by four-eyes without a change here: erring
 * that way refuses an approval that could have been allowed, never the other way round.
 */
const NOT_CONTENT = ['bruker', 'invitasjon', 'kolonnevalg', 'kodeverk', 'kommune', 'erp', 'autopay', 'mva-koder'];

/**
 * The tjeneste's content changes and review events after the oldest «last approval» of its kommuner (from the start
 * when a kommune was never approved): what changesFor needs for every kommune. A fragment of the one statement that
 * reads the state (kodeverk.repository.ts); `at` as text, parsed by changeOf.
 */
export function changeLogQuery(tjenesteId: number): RawBuilder<ChangeRow> {
  return sql<ChangeRow>`
    select a.id, a.user_id, a.user_label, a.at::text as at, a.action, a.entity, a.entity_id, a.summary
    from audit_log a
    where a.tjeneste_id = ${tjenesteId}
      and a.id > coalesce((
        select min(coalesce(last.id, 0))
        from tjeneste_kommune k
        left join lateral (
          select max(g.id) as id from audit_log g
          where g.tjeneste_id = k.tjeneste_id and g.entity = 'godkjenning' and g.action = 'godkjent' and g.entity_id = k.kommunenummer
        ) last on true
        where k.tjeneste_id = ${tjenesteId}
      ), 0)
      and (a.entity <> 'godkjenning' or a.action in ('sendt', 'godkjent'))
      and a.entity not in (${sql.join(NOT_CONTENT)})
      and not (a.entity = 'tjeneste' and a.action = 'opprettet')`;
}

export interface ChangeRow {
  id: number | string;
  user_id: number | null;
  user_label: string;
  at: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
}

export const changeOf = (r: ChangeRow): ContentChange => ({
  id: Number(r.id),
  userId: r.user_id,
  label: r.user_label,
  at: parseTimestamptz(r.at)!,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  summary: r.summary,
});

export interface KommuneChanges {
  /** changes and submissions since the last approval, oldest first */
  sinceApproval: ContentChange[];
  /** changes (not submissions) after the last submission */
  sinceSubmission: ContentChange[];
  /** everyone who changed or submitted the content since the last approval: four-eyes excludes them */
  contributors: number[];
}

/** One kommune's part of the log: a mapping belongs to its own kommune, registers and settings to every kommune. */
export function changesFor(log: readonly ContentChange[], kommunenummer: string): KommuneChanges {
  const own = (e: ContentChange) => (e.entity === 'godkjenning' || e.entity === 'tilknytning' ? e.entityId === kommunenummer : true);
  let approvedAt = -1;
  let submittedAt = -1;
  log.forEach((e, i) => {
    if (e.entity === 'godkjenning' && e.entityId === kommunenummer) {
      if (e.action === 'godkjent') approvedAt = i;
      else if (e.action === 'sendt') submittedAt = i;
    }
  });
  const sinceApproval = log.slice(approvedAt + 1).filter((e) => own(e) && !(e.entity === 'godkjenning' && e.action === 'godkjent'));
  const sinceSubmission = submittedAt > approvedAt ? log.slice(submittedAt + 1).filter((e) => own(e) && e.entity !== 'godkjenning') : [];
  const contributors = [...new Set(sinceApproval.map((e) => e.userId).filter((id): id is number => id !== null))];
  return { sinceApproval, sinceSubmission, contributors };
}
