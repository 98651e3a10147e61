import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';

// E-mail outbox and preferences (migration 2026-12-01T1700-notifications).
export type MailStatus = 'venter' | 'sendt' | 'feilet' | 'foreldet';
export interface MailOutboxTable {
  id: Generated<number>;
  tjeneste_id: number;
  recipient_user_id: number | null;
  to_address: string;
  category: string;
  subject: string;
  body: string;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface MailPreferenceTable {
  user_id: number;
  category: string;
  enabled: boolean;
}

/** The e-mail outbox and preferences. */
export interface NotificationsTables {
  mail_outbox: MailOutboxTable;
  mail_preference: MailPreferenceTable;
}
