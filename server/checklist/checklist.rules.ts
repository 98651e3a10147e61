import type { ModuleStatus } from '../settings/settings.rules.ts';
import { urls } from '../platform/http/urls.ts';

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

type Module = 'okonomi' | 'lonn';

/** Everything the checklist needs, already read: the pure function below decides the items. */
export interface ChecklistFacts {
  /** the tjeneste the items link into */
  slug: string;
  moduler: Record<Module, ModuleStatus>;
  kontoplan: { versionNo: number; art: number; ansvar: number; funksjon: number; has251: boolean; has252: boolean } | null;
  lonnsarter: { versionNo: number; count: number } | null;
  utbetalingskategorier: { versionNo: number; count: number } | null;
  /** The items 'mapping', 'matrise' and 'godkjenning' from the review capability. */
  review: readonly ChecklistItem[];
  erpChosen: boolean;
  /** problems: one sentence per gap (describeGaps); nothingSet = not a single posting value given yet. */
  posting: Record<Module, { complete: boolean; problems: string[]; nothingSet: boolean }>;
  autopay: { avtale: 'ja' | 'nei' | 'ikke_avklart'; gaps: string[] };
}

const MODUL_NAME: Record<Module, string> = { okonomi: 'økonomi', lonn: 'lønn' };
const inUse = (s: ModuleStatus) => s !== 'ikke_i_bruk';
/** An undecided module counts as in use (it must be prepared), and the item says so. */
const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
const undecidedNote = (f: ChecklistFacts, m: Module) => (f.moduler[m] === 'ikke_avklart' ? ` ${capital(MODUL_NAME[m])} er ikke avklart og regnes som i bruk til dere har bestemt dere.` : '');
const notUsed = (key: string, label: string, m: Module, href: string): ChecklistItem => ({
  key,
  label,
  status: 'ikke_relevant',
  detail: `${capital(MODUL_NAME[m])} er satt til ikke i bruk, så dette kreves ikke.`,
  href,
});
const placeholder = (key: string, label: string, href: string): ChecklistItem => ({ key, label, status: 'ikke_startet', detail: 'Ikke startet.', href });

/** The kodeverk readiness checklist, in the order of the work (issue 5). Pure: facts in, items out. */
export function buildChecklistItems(f: ChecklistFacts): ChecklistItem[] {
  const slug = f.slug;
  const review = (key: string, label: string, href: string) => f.review.find((i) => i.key === key) ?? placeholder(key, label, href);
  const items: ChecklistItem[] = [];

  const undecided = (['okonomi', 'lonn'] as const).filter((m) => f.moduler[m] === 'ikke_avklart');
  const noneInUse = !inUse(f.moduler.okonomi) && !inUse(f.moduler.lonn);
  items.push({
    key: 'moduler',
    label: 'Moduler valgt (økonomi og lønn)',
    status: undecided.length > 0 || noneInUse ? 'mangler' : 'ok',
    detail: noneInUse
      ? 'Både økonomi og lønn er satt til ikke i bruk – kodeverket får da ingen posteringer. Velg minst én modul.'
      : undecided.length > 0
        ? `Ikke avklart: ${undecided.map((m) => MODUL_NAME[m]).join(' og ')}. Bestem om modulen skal brukes; til da må alt den trenger forberedes.`
        : `Økonomi: ${f.moduler.okonomi.replace(/_/g, ' ')}. Lønn: ${f.moduler.lonn.replace(/_/g, ' ')}.`,
    href: urls.modules(slug),
  });

  const k = f.kontoplan;
  items.push(
    k
      ? {
          key: 'kontoplan',
          label: 'Kontoplan importert',
          status: 'ok',
          detail: `Versjon ${k.versionNo}: ${k.art} arter, ${k.ansvar} ansvar, ${k.funksjon} funksjoner.`,
          href: urls.importRegister(slug, 'kontoplan'),
        }
      : { key: 'kontoplan', label: 'Kontoplan importert', status: 'ikke_startet', detail: 'Ingen kontoplan er importert ennå.', href: urls.importRegister(slug, 'kontoplan') },
  );

  const missingF = k ? [!k.has251 && '251 (barnet ikke plassert)', !k.has252 && '252 (barnet plassert)'].filter((x): x is string => !!x) : [];
  items.push(
    !k
      ? { key: 'funksjoner', label: 'Funksjoner for 251 og 252', status: 'ikke_startet', detail: 'Importer kontoplanen først.', href: urls.importRegister(slug, 'kontoplan') }
      : missingF.length
        ? {
            key: 'funksjoner',
            label: 'Funksjoner for 251 og 252',
            status: 'mangler',
            detail: `Kontoplanen har ingen funksjon for ${missingF.join(' eller ')}. Legg den til i kontoplanen og importer på nytt.`,
            href: urls.importRegister(slug, 'kontoplan'),
          }
        : { key: 'funksjoner', label: 'Funksjoner for 251 og 252', status: 'ok', detail: 'Kontoplanen har funksjoner for både 251 og 252.', href: urls.importRegister(slug, 'kontoplan') },
  );

  items.push(review('mapping', 'Alle kommuner har ansvar og funksjoner', urls.mappingKommuner(slug)));

  const registerItem = (key: 'lonnsarter' | 'utbetalingskategorier', label: string, m: Module, r: { versionNo: number; count: number } | null, noun: string): ChecklistItem => {
    const href = urls.importRegister(slug, key);
    if (!inUse(f.moduler[m])) return notUsed(key, label, m, href);
    if (!r) return { key, label, status: 'ikke_startet', detail: `Ingen ${noun} er importert ennå.${undecidedNote(f, m)}`, href };
    if (r.count === 0) return { key, label, status: 'mangler', detail: `Versjon ${r.versionNo} har ingen ${noun}.${undecidedNote(f, m)}`, href };
    return { key, label, status: 'ok', detail: `Versjon ${r.versionNo}: ${r.count} ${noun}.`, href };
  };
  items.push(registerItem('lonnsarter', 'Lønnsarter importert', 'lonn', f.lonnsarter, 'lønnsarter'));
  items.push(registerItem('utbetalingskategorier', 'Utbetalingskategorier importert', 'okonomi', f.utbetalingskategorier, 'utbetalingskategorier'));

  items.push(review('matrise', 'Konteringsmatrisen er uten feil', urls.kontering(slug)));

  for (const m of ['okonomi', 'lonn'] as const) {
    const key = `postering_${m}`;
    const label = `Posteringsinnstillinger for ${MODUL_NAME[m]}`;
    const href = urls.posting(slug, { anchor: `modul-${m}` });
    if (!inUse(f.moduler[m])) {
      items.push(notUsed(key, label, m, href));
      continue;
    }
    const problems = [...(f.erpChosen ? [] : ['Velg økonomisystemet som tar imot posteringene.']), ...f.posting[m].problems];
    items.push(
      problems.length === 0
        ? { key, label, status: 'ok', detail: 'Selskap, motkonto og bilagsserie er satt for alle kommuner.', href }
        : { key, label, status: f.posting[m].nothingSet && !f.erpChosen ? 'ikke_startet' : 'mangler', detail: problems.join(' ') + undecidedNote(f, m), href },
    );
  }

  // Autopay pays the økonomi module's utbetalinger; payroll goes through lønn, so only økonomi needs it.
  const ahref = urls.autopay(slug);
  if (!inUse(f.moduler.okonomi)) items.push(notUsed('autopay', 'Autopay avklart', 'okonomi', ahref));
  else if (f.autopay.gaps.length === 0)
    items.push({
      key: 'autopay',
      label: 'Autopay avklart',
      status: 'ok',
      detail: f.autopay.avtale === 'nei' ? 'Kommunen har ikke Autopay-avtale.' : 'Avtale, konto og godkjenning er avklart.',
      href: ahref,
    });
  else
    items.push({
      key: 'autopay',
      label: 'Autopay avklart',
      status: f.autopay.avtale === 'ikke_avklart' ? 'ikke_startet' : 'mangler',
      detail: f.autopay.gaps.join(' ') + undecidedNote(f, 'okonomi'),
      href: ahref,
    });

  items.push(review('godkjenning', 'Alle kommuner godkjent', urls.review(slug)));
  return items;
}
