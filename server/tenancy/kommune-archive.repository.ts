import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

// A removed kommune's rows, kept whole as JSON (to_jsonb of each row) and put back with jsonb_populate_record, so a
// column added to these tables later is kept and restored too. Every query by tjeneste_id.

/** Copies the kommune's tilknytning, review and posting settings into removed_kommune (replacing an older copy). */
export async function archiveKommune(db: Executor, tjenesteId: number, kommunenummer: string, navn: string, removedBy: string) {
  await sql`
    insert into removed_kommune (tjeneste_id, kommunenummer, navn, mapping, review, posting, removed_at, removed_by_label)
    values (
      ${tjenesteId}, ${kommunenummer}, ${navn},
      (select to_jsonb(m) from kommune_mapping m where m.tjeneste_id = ${tjenesteId} and m.kommunenummer = ${kommunenummer}),
      (select to_jsonb(r) from kommune_review r where r.tjeneste_id = ${tjenesteId} and r.kommunenummer = ${kommunenummer}),
      coalesce((select jsonb_agg(to_jsonb(p)) from posting_setting p where p.tjeneste_id = ${tjenesteId} and p.kommunenummer = ${kommunenummer}), '[]'::jsonb),
      now(), ${removedBy}
    )
    on conflict (tjeneste_id, kommunenummer) do update set navn = excluded.navn, mapping = excluded.mapping, review = excluded.review,
      posting = excluded.posting, removed_at = excluded.removed_at, removed_by_label = excluded.removed_by_label`.execute(db);
}

async function findRemovedKommune(db: Executor, tjenesteId: number, kommunenummer: string) {
  return db.selectFrom('removed_kommune').selectAll().where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).executeTakeFirst();
}

/**
 * Puts the kept rows back (the kommune row must exist again) and forgets the copy. An approval comes back stale: its
 * hash is cleared, so the godkjenner approves again what the kommune now has; a submission goes back to utkast.
 */
export async function restoreKommune(db: Executor, tjenesteId: number, kommunenummer: string) {
  const kept = await findRemovedKommune(db, tjenesteId, kommunenummer);
  if (!kept) return null;
  if (kept.mapping) {
    await sql`insert into kommune_mapping select * from jsonb_populate_record(null::kommune_mapping, ${JSON.stringify(kept.mapping)}::jsonb)`.execute(db);
  }
  if (kept.review) {
    await sql`insert into kommune_review select * from jsonb_populate_record(null::kommune_review, ${JSON.stringify(kept.review)}::jsonb)`.execute(db);
    await sql`update kommune_review set
        approved_hash = null,
        status = case when status = 'til_godkjenning' then 'utkast' else status end,
        updated_at = now()
      where tjeneste_id = ${tjenesteId} and kommunenummer = ${kommunenummer}`.execute(db);
  }
  for (const p of kept.posting) {
    await sql`insert into posting_setting select * from jsonb_populate_record(null::posting_setting, ${JSON.stringify(p)}::jsonb)`.execute(db);
  }
  await db.deleteFrom('removed_kommune').where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).execute();
  return kept;
}
