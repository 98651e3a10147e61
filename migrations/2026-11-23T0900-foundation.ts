import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tjeneste')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('organisasjonsnummer', 'text', (c) => c.notNull())
    .addColumn('regnskapsar', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('tjeneste_kommune')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('kommunenummer', 'text', (c) => c.notNull())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('er_vertskommune', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('tjeneste_kommune_pk', ['tjeneste_id', 'kommunenummer'])
    .execute();
  await sql`create unique index tjeneste_kommune_one_vert on tjeneste_kommune (tjeneste_id) where er_vertskommune`.execute(db);

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('membership')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_pk', ['tjeneste_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('app_session')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_session_expires').on('app_session').column('expires_at').execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_attempt_key_at').on('login_attempt').columns(['key', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.references('tjeneste.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('user_label', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_log_tjeneste_at').on('audit_log').columns(['tjeneste_id', 'id']).execute();
  // Append-only: the database itself refuses to rewrite history.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);

  // Registers: every import commits a new immutable version; rows hang off the version.
  await db.schema
    .createTable('register_version')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('register_version_no', ['tjeneste_id', 'register', 'version_no'])
    .execute();

  await db.schema
    .createTable('kontoplan_konto')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('register_version.id').onDelete('cascade'))
    .addColumn('dimensjon', 'text', (c) => c.notNull())
    .addColumn('kode', 'text', (c) => c.notNull())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('aktiv', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('kostra', 'text')
    .addPrimaryKeyConstraint('kontoplan_konto_pk', ['version_id', 'dimensjon', 'kode'])
    .execute();

  await db.schema
    .createTable('lonnsart')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('register_version.id').onDelete('cascade'))
    .addColumn('kode', 'text', (c) => c.notNull())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('art', 'text', (c) => c.notNull())
    .addColumn('skattepliktig', 'boolean')
    .addColumn('aga', 'boolean')
    .addColumn('feriepengegrunnlag', 'boolean')
    .addColumn('amelding_beskrivelse', 'text')
    .addPrimaryKeyConstraint('lonnsart_pk', ['version_id', 'kode'])
    .execute();

  await db.schema
    .createTable('utbetalingskategori')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('register_version.id').onDelete('cascade'))
    .addColumn('lopenr', 'integer', (c) => c.notNull())
    .addColumn('kode', 'text')
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('art', 'text', (c) => c.notNull())
    .addColumn('tiltakstype', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('utbetalingskategori_pk', ['version_id', 'lopenr'])
    .execute();

  // A previewed upload waits here (not in process memory) so any app instance can show or commit it.
  await db.schema
    .createTable('pending_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bytea', (c) => c.notNull())
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('column_mapping')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('column_mapping_pk', ['tjeneste_id', 'register'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'column_mapping',
    'pending_import',
    'utbetalingskategori',
    'lonnsart',
    'kontoplan_konto',
    'register_version',
    'audit_log',
    'login_attempt',
    'app_session',
    'membership',
    'app_user',
    'tjeneste_kommune',
    'tjeneste',
    'app_setting',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists audit_log_append_only() cascade`.execute(db);
}
