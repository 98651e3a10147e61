import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import { urls } from '../platform/http/urls.ts';
import type { CurrentTenant } from '../platform/http/context.ts';
import { STATUS_LABEL as CHECK_LABEL, type ChecklistItem } from './checklist.rules.ts';
import { TILTAKSTYPER } from '../kodeverk/matrix.rules.ts';
import type { KommuneReview } from '../review/review.service.ts';

const list = (names: string[]) => names.join(', ');

/** The dashboard's three items for mapping, matrix and approval — in that order. */
export function reviewChecklistItemsOf(all: readonly KommuneReview[], tenant: Pick<CurrentTenant, 'slug'>): ChecklistItem[] {
  const slug = tenant.slug;
  const lines = all.flatMap((k) => k.lines);
  const saved = all.filter((k) => k.mapping !== null);
  const incomplete = all.filter((k) => !k.mapping?.ansvar || !k.mapping.funksjonIHjemmet || !k.mapping.funksjonUtenforHjemmet);

  const mapping: ChecklistItem =
    saved.length === 0
      ? {
          key: 'mapping',
          label: 'Alle kommuner har ansvar og funksjoner',
          status: 'ikke_startet',
          detail: 'Ingen kommuner har fått ansvar og funksjoner ennå. Åpne forslaget og bekreft det.',
          href: urls.mappingKommuner(slug),
        }
      : incomplete.length > 0
        ? {
            key: 'mapping',
            label: 'Alle kommuner har ansvar og funksjoner',
            status: 'mangler',
            detail: `Mangler ansvar eller funksjon for ${list(incomplete.map((k) => k.navn))}.`,
            href: urls.mappingKommuner(slug),
          }
        : { key: 'mapping', label: 'Alle kommuner har ansvar og funksjoner', status: 'ok', detail: `${all.length} kommuner har ansvar og funksjoner.`, href: urls.mappingKommuner(slug) };

  const invalid = lines.filter((l) => l.problems.length > 0).length;
  const matrise: ChecklistItem =
    saved.length === 0 || lines.length === 0
      ? {
          key: 'matrise',
          label: 'Konteringsmatrisen er uten feil',
          status: 'ikke_startet',
          detail: lines.length === 0 ? 'Ingen kontostrenger ennå: importer lønnsarter eller utbetalingskategorier.' : 'Bekreft kommunenes ansvar og funksjoner først.',
          href: urls.kontering(slug),
        }
      : invalid > 0
        ? {
            key: 'matrise',
            label: 'Konteringsmatrisen er uten feil',
            status: 'mangler',
            detail: `${invalid} av ${lines.length} kontostrenger har feil.`,
            href: urls.kontering(slug, { query: 'problem=feil' }),
          }
        : { key: 'matrise', label: 'Konteringsmatrisen er uten feil', status: 'ok', detail: `Alle ${lines.length} kontostrenger er gyldige.`, href: urls.kontering(slug) };

  const approved = all.filter((k) => k.status === 'godkjent' && !k.outdated);
  const outdated = all.filter((k) => k.outdated);
  const rejected = all.filter((k) => k.status === 'avvist');
  const waiting = all.filter((k) => k.status === 'til_godkjenning');
  const detailParts = [`Godkjent ${approved.length} av ${all.length}.`];
  if (waiting.length) detailParts.push(`Venter på godkjenner: ${list(waiting.map((k) => k.navn))}.`);
  const sentBack = all.filter((k) => k.sentBack);
  if (sentBack.length) detailParts.push(`Sendt tilbake fordi innholdet ble endret etter innsending: ${list(sentBack.map((k) => k.navn))}.`);
  if (rejected.length) detailParts.push(`Avvist: ${list(rejected.map((k) => k.navn))}.`);
  if (outdated.length) detailParts.push(`Endret etter godkjenning: ${list(outdated.map((k) => k.navn))}.`);
  const started = all.some((k) => k.status !== 'utkast' || k.review !== null);
  const godkjenning: ChecklistItem = !started
    ? { key: 'godkjenning', label: 'Alle kommuner godkjent', status: 'ikke_startet', detail: 'Ingen kommuner er sendt til godkjenning.', href: urls.review(slug) }
    : { key: 'godkjenning', label: 'Alle kommuner godkjent', status: all.length > 0 && approved.length === all.length ? 'ok' : 'mangler', detail: detailParts.join(' '), href: urls.review(slug) };

  return [mapping, matrise, godkjenning].map((i) => ({ ...i, statusLabel: CHECK_LABEL[i.status] }));
}

export interface MatrixOverview {
  href: string;
  hasLines: boolean;
  tiltakstyper: { key: string; label: string }[];
  rows: { kommunenummer: string; navn: string; cells: { valid: number; invalid: number; total: number; badge: 'ok' | 'err' | ''; href: string }[] }[];
}

/** Data for views/partials/matrix-overview.hbs: kommune × tiltakstype with counts of valid and invalid lines. */
export function matrixOverviewOf(all: readonly KommuneReview[], tenant: Pick<CurrentTenant, 'slug'>): MatrixOverview {
  return {
    href: urls.kontering(tenant.slug),
    hasLines: all.some((k) => k.lines.length > 0),
    tiltakstyper: TILTAKSTYPER.map((t) => ({ key: t, label: TILTAKSTYPE_WITH_FUNKSJON[t] })),
    rows: all.map((k) => ({
      kommunenummer: k.kommunenummer,
      navn: k.navn,
      cells: TILTAKSTYPER.map((t) => {
        const own = k.lines.filter((l) => l.tiltakstype === t);
        const invalid = own.filter((l) => l.problems.length > 0).length;
        return {
          valid: own.length - invalid,
          invalid,
          total: own.length,
          badge: own.length === 0 ? '' : invalid > 0 ? 'err' : 'ok',
          href: urls.kontering(tenant.slug, { query: `kommune=${k.kommunenummer}&tiltakstype=${t}${invalid > 0 ? '&problem=feil' : ''}` }),
        };
      }),
    })),
  };
}
