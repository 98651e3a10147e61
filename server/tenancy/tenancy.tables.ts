import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';
import type { Role } from '../platform/roles.ts';

export interface TjenesteTable {
  id: Generated<number>;
  slug: string;
  navn: string;
  organisasjonsnummer: string;
  regnskapsar: number;
  created_at: Timestamp;
}
export interface TjenesteKommuneTable {
  tjeneste_id: number;
  kommunenummer: string;
  navn: string;
  er_vertskommune: Generated<boolean>;
}
export interface MembershipTable {
  tjeneste_id: number;
  user_id: number;
  roles: Role[];
}
/** An account invited into a tjeneste, waiting for its owner to accept (migration 2026-12-01T1500). */
export interface MembershipInvitationTable {
  tjeneste_id: number;
  user_id: number;
  navn: string;
  roles: Role[];
  invited_by: number | null;
  invited_by_label: string;
  created_at: Timestamp;
}
/** A kommune taken out of the tjeneste, with what was set up for it (migration 2026-12-01T2110), as JSON of the rows. */
export interface RemovedKommuneTable {
  tjeneste_id: number;
  kommunenummer: string;
  navn: string;
  mapping: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  review: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  posting: ColumnType<Record<string, unknown>[], string, string>;
  removed_at: Timestamp;
  removed_by_label: string;
}
/** Bumped by triggers whenever a tjeneste's kodeverk changes (migration 2026-12-01T0900). */
export interface KodeverkRevisionTable {
  tjeneste_id: number;
  revision: number;
}

/** Tjenester, their kommuner and members, invitations, removed kommuner and the kodeverk revision. */
export interface TenancyTables {
  tjeneste: TjenesteTable;
  tjeneste_kommune: TjenesteKommuneTable;
  membership: MembershipTable;
  membership_invitation: MembershipInvitationTable;
  removed_kommune: RemovedKommuneTable;
  kodeverk_revision: KodeverkRevisionTable;
}
