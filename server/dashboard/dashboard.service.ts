import type { Db } from '../platform/db/database.ts';
import type { CurrentTenant } from '../platform/http/context.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import { STATUS_LABEL, type ChecklistItem } from './checklist.ts';

/** The kodeverk readiness checklist, in the order of the work. */
export async function buildChecklist(db: Db, tenant: CurrentTenant): Promise<ChecklistItem[]> {
  const base = `/t/${tenant.slug}`;
  const kommuner = await listKommuner(db, tenant.id);
  const items: ChecklistItem[] = [
    { key: 'kommuner', label: 'Kommuner i tjenesten', status: kommuner.some((k) => k.er_vertskommune) ? 'ok' : 'mangler', detail: `${kommuner.length} kommuner`, href: `${base}/kommuner` },
    { key: 'kontoplan', label: 'Kontoplan importert', status: 'ikke_startet', detail: 'Ingen kontoplan er importert ennå.', href: `${base}` },
    { key: 'lonnsarter', label: 'Lønnsarter importert', status: 'ikke_startet', detail: 'Ingen lønnsarter er importert ennå.', href: `${base}` },
    { key: 'utbetalingskategorier', label: 'Utbetalingskategorier importert', status: 'ikke_startet', detail: 'Ingen utbetalingskategorier er importert ennå.', href: `${base}` },
    { key: 'mapping', label: 'Alle kommuner har ansvar og funksjoner', status: 'ikke_startet', detail: 'Ikke startet.', href: `${base}` },
    { key: 'matrise', label: 'Konteringsmatrisen er uten feil', status: 'ikke_startet', detail: 'Ikke startet.', href: `${base}` },
    { key: 'postering', label: 'Posteringsinnstillinger', status: 'ikke_startet', detail: 'Ikke startet.', href: `${base}` },
    { key: 'autopay', label: 'Autopay avklart', status: 'ikke_startet', detail: 'Ikke startet.', href: `${base}` },
    { key: 'godkjenning', label: 'Alle kommuner godkjent', status: 'ikke_startet', detail: 'Ikke startet.', href: `${base}` },
  ];
  return items.map((i) => ({ ...i, statusLabel: STATUS_LABEL[i.status] }));
}
