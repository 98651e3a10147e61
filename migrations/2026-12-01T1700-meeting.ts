import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// The kodeverk meeting: open questions with owner, deadline and decision; meetings with participants and an agenda
// whose items carry the notes. All three show on cached kodeverk pages, so they bump the kodeverk revision with the
// same deferred trigger function as the tables of 2026-12-01T0900. Dates are ISO calendar days as text
// (YYYY-MM-DD, Oslo time): a deadline is a day, not an instant, and text reads the same through pg and PGlite.
export const MEETING_REVISION_TABLES = ['open_question', 'meeting', 'meeting_item'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // question_key: the derived question's stable key (checklist item or setting, e.g. «autopay»); null for one a
  // user added. owner is a member (owner_user_id) or a named party without an account (owner_party), never both.
  await db.schema
    .createTable('open_question')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('question_key', 'text')
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('owner_party', 'text')
    .addColumn('deadline', 'text', (c) => c.check(sql`deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('apen'))
    .addColumn('decision', 'text')
    .addColumn('decided_in_meeting_id', 'integer')
    .addColumn('overdue_notified_on', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addCheckConstraint('open_question_status', sql`status in ('apen', 'avklart', 'ikke_aktuelt')`)
    .addCheckConstraint('open_question_one_owner', sql`owner_user_id is null or owner_party is null`)
    .execute();
  await sql`create unique index open_question_key on open_question (tjeneste_id, question_key) where question_key is not null`.execute(db);

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull().check(sql`held_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table open_question add constraint open_question_meeting_fk foreign key (decided_in_meeting_id) references meeting (id) on delete set null`.execute(db);

  // An agenda item is one open question (question_id) or a free item (title only); position orders the agenda.
  await db.schema
    .createTable('meeting_item')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.references('open_question.id').onDelete('cascade'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create unique index meeting_item_question on meeting_item (meeting_id, question_id) where question_id is not null`.execute(db);

  for (const table of MEETING_REVISION_TABLES) {
    await sql`create constraint trigger ${sql.raw(`${table}_kodeverk_revision`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function bump_kodeverk_revision()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['meeting_item', 'open_question', 'meeting']) await db.schema.dropTable(t).ifExists().cascade().execute();
}
