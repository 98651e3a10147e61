import type { Json } from './db/columns.ts';

export interface AppSettingTable {
  key: string;
  value: string;
}
export interface AppSessionTable {
  sid: string;
  data: Json<Record<string, unknown>>;
  expires_at: Date | string;
}

/** The platform's own tables: app settings (the generated session secret) and the session store. */
export interface PlatformTables {
  app_setting: AppSettingTable;
  app_session: AppSessionTable;
}
