import type { AuditTables } from '../../audit/audit.tables.ts';
import type { AuthTables } from '../../auth/auth.tables.ts';
import type { ExportTables } from '../../export/export.tables.ts';
import type { ImportTables } from '../../imports/import.tables.ts';
import type { KontoplanTables } from '../../kontoplan/kontoplan.tables.ts';
import type { LonnsarterTables } from '../../lonnsarter/lonnsarter.tables.ts';
import type { MappingTables } from '../../mapping/mapping.tables.ts';
import type { MeetingTables } from '../../meeting/meeting.tables.ts';
import type { NotificationsTables } from '../../notifications/notifications.tables.ts';
import type { RegistersTables } from '../../registers/registers.tables.ts';
import type { KodeverkTables } from '../../kodeverk/kodeverk.tables.ts';
import type { SettingsTables } from '../../settings/settings.tables.ts';
import type { TenancyTables } from '../../tenancy/tenancy.tables.ts';
import type { UtbetalingskategorierTables } from '../../utbetalingskategorier/utbetalingskategorier.tables.ts';
import type { PlatformTables } from '../platform.tables.ts';

/**
 * The app's database for Kysely: every table, composed here — and only here — from the tables each capability owns
 * (server/<capability>/<capability>.tables.ts, the row types of the tables its migrations create). These type-only
 * imports are the one place the platform names the capabilities (.dependency-cruiser.cjs allows exactly them).
 */
export interface Database
  extends PlatformTables,
    AuthTables,
    TenancyTables,
    AuditTables,
    RegistersTables,
    KontoplanTables,
    LonnsarterTables,
    UtbetalingskategorierTables,
    ImportTables,
    SettingsTables,
    MappingTables,
    KodeverkTables,
    ExportTables,
    MeetingTables,
    NotificationsTables {}
