import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// E-mail when someone must act. Every mail is a row of the outbox, written in the same transaction as the change it
// tells about: a rolled-back change sends nothing, and a mail waits here (retried with backoff) while SMTP is down.
// Without SMTP configured the rows are what the app shows each user as the notifications it would have sent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('recipient_user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('venter'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('mail_outbox_status', sql`status in ('venter', 'sendt', 'feilet', 'foreldet')`)
    .execute();
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'venter'`.execute(db);
  await sql`create index mail_outbox_recipient on mail_outbox (tjeneste_id, recipient_user_id, id)`.execute(db);

  // A category a user has turned off; no row = on.
  await db.schema
    .createTable('mail_preference')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_preference_pk', ['user_id', 'category'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mail_preference', 'mail_outbox']) await db.schema.dropTable(t).ifExists().execute();
}
