import type { Generated } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  navn: string;
  password_hash: string;
  created_at: Timestamp;
  /** migration 2026-12-01T1900-password-change: a start password chosen by someone else, to be replaced at first login */
  must_change_password: Generated<boolean>;
  /** migration 2026-12-01T2100-installation-admin: may create further tjenester (#14 item 17) */
  installation_admin: Generated<boolean>;
}
export interface LoginThrottleTable {
  key: string;
  attempts: Generated<number>;
  last_at: Timestamp;
  next_allowed_at: Timestamp;
}

/** Accounts and the login throttle. */
export interface AuthTables {
  app_user: AppUserTable;
  login_throttle: LoginThrottleTable;
}
