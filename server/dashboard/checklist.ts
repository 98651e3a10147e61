export type ChecklistStatus = 'ok' | 'mangler' | 'ikke_startet' | 'ikke_relevant';

export interface ChecklistItem {
  key: string;
  label: string;
  status: ChecklistStatus;
  detail: string;
  href: string;
}

export const STATUS_LABEL: Record<ChecklistStatus, string> = {
  ok: 'Ferdig',
  mangler: 'Mangler',
  ikke_startet: 'Ikke startet',
  ikke_relevant: 'Ikke i bruk',
};
