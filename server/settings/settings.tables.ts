// The settings capability's columns added after the shared schema was written, merged into its table type here.
declare module '../platform/db/schema.ts' {
  interface TjenesteSettingsTable {
    aga_art: string | null;
  }
}
export {};
