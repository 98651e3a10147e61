import { describe, expect, it } from 'vitest';
import { buildChecklistItems, type ChecklistFacts, type ChecklistItem } from '../../server/checklist/checklist.rules.ts';
import type { ModuleStatus } from '../../server/settings/settings.rules.ts';

const review: ChecklistItem[] = [
  { key: 'mapping', label: 'Alle kommuner har ansvar og funksjoner', status: 'ok', detail: '3 kommuner', href: '/t/x/kontering/kommuner' },
  { key: 'matrise', label: 'Konteringsmatrisen er uten feil', status: 'ok', detail: 'ok', href: '/t/x/kontering' },
  { key: 'godkjenning', label: 'Alle kommuner godkjent', status: 'mangler', detail: 'Godkjent 1 av 3.', href: '/t/x/godkjenning' },
];

/** A tjeneste where everything is in place except what a test changes. */
function facts(okonomi: ModuleStatus, lonn: ModuleStatus, over: Partial<ChecklistFacts> = {}): ChecklistFacts {
  return {
    slug: 'x',
    moduler: { okonomi, lonn },
    kontoplan: { versionNo: 1, art: 9, ansvar: 4, funksjon: 3, has251: true, has252: true },
    lonnsarter: { versionNo: 1, count: 3 },
    utbetalingskategorier: { versionNo: 2, count: 3 },
    review,
    erpChosen: true,
    posting: { okonomi: { complete: true, problems: [], nothingSet: false }, lonn: { complete: true, problems: [], nothingSet: false } },
    autopay: { avtale: 'ja', gaps: [] },
    ...over,
  };
}
const byKey = (items: ChecklistItem[]) => Object.fromEntries(items.map((i) => [i.key, i]));
const statuses = (items: ChecklistItem[]) => Object.fromEntries(items.map((i) => [i.key, i.status]));

describe('readiness checklist', () => {
  it('when built, then the items come in the order of the work', () => {
    expect(buildChecklistItems(facts('i_drift', 'i_drift')).map((i) => i.key)).toEqual([
      'moduler',
      'kontoplan',
      'funksjoner',
      'mapping',
      'lonnsarter',
      'utbetalingskategorier',
      'matrise',
      'postering_okonomi',
      'postering_lonn',
      'autopay',
      'godkjenning',
    ]);
  });

  it('when only økonomi is used, then lønnsarter and lønn posting are not required and Autopay is', () => {
    const s = statuses(
      buildChecklistItems(
        facts('i_drift', 'ikke_i_bruk', {
          lonnsarter: null,
          posting: { okonomi: { complete: true, problems: [], nothingSet: false }, lonn: { complete: false, problems: ['Mangler selskap for alle kommuner.'], nothingSet: true } },
        }),
      ),
    );
    expect(s).toMatchObject({ moduler: 'ok', lonnsarter: 'ikke_relevant', postering_lonn: 'ikke_relevant', utbetalingskategorier: 'ok', postering_okonomi: 'ok', autopay: 'ok' });
  });

  it('when only lønn is used, then utbetalingskategorier, økonomi posting and Autopay are not required', () => {
    const s = statuses(buildChecklistItems(facts('ikke_i_bruk', 'under_oppbygging', { utbetalingskategorier: null, autopay: { avtale: 'ikke_avklart', gaps: ['x'] } })));
    expect(s).toMatchObject({ moduler: 'ok', lonnsarter: 'ok', postering_lonn: 'ok', utbetalingskategorier: 'ikke_relevant', postering_okonomi: 'ikke_relevant', autopay: 'ikke_relevant' });
  });

  it('when both are used and lønnsarter are missing, then that item is not started and says so', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'i_drift', { lonnsarter: null })));
    expect(items.lonnsarter).toMatchObject({ status: 'ikke_startet', href: '/t/x/import/lonnsarter' });
    expect(items.lonnsarter?.detail).toContain('Ingen lønnsarter er importert');
    expect(items.utbetalingskategorier?.status).toBe('ok');
  });

  it('when neither module is used, then the module item asks for at least one and nothing module-specific is required', () => {
    const items = byKey(buildChecklistItems(facts('ikke_i_bruk', 'ikke_i_bruk', { lonnsarter: null, utbetalingskategorier: null })));
    expect(items.moduler?.status).toBe('mangler');
    expect(items.moduler?.detail).toContain('Velg minst én modul');
    for (const k of ['lonnsarter', 'utbetalingskategorier', 'postering_okonomi', 'postering_lonn', 'autopay']) expect(items[k]?.status, k).toBe('ikke_relevant');
    expect(items.kontoplan?.status).toBe('ok');
  });

  it('when a module is undecided, then it is required like one in use and the item says it must be decided', () => {
    const items = byKey(
      buildChecklistItems(
        facts('ikke_avklart', 'ikke_avklart', {
          lonnsarter: null,
          posting: { okonomi: { complete: false, problems: ['Mangler motkonto for Flakstad.'], nothingSet: false }, lonn: { complete: true, problems: [], nothingSet: false } },
          autopay: { avtale: 'ikke_avklart', gaps: ['Det er ikke avklart om kommunen har Autopay-avtale.'] },
        }),
      ),
    );
    expect(items.moduler).toMatchObject({ status: 'mangler', href: '/t/x/innstillinger/moduler' });
    expect(items.moduler?.detail).toContain('Ikke avklart: økonomi og lønn');
    expect(items.lonnsarter?.status).toBe('ikke_startet');
    expect(items.lonnsarter?.detail).toContain('Lønn er ikke avklart og regnes som i bruk');
    expect(items.postering_okonomi).toMatchObject({ status: 'mangler', href: '/t/x/innstillinger/postering#modul-okonomi' });
    expect(items.postering_okonomi?.detail).toContain('Mangler motkonto for Flakstad.');
    expect(items.autopay?.status).toBe('ikke_startet');
  });

  it('when no kontoplan is imported, then kontoplan and funksjoner are not started and link to the import', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'i_drift', { kontoplan: null })));
    expect(items.kontoplan).toMatchObject({ status: 'ikke_startet', href: '/t/x/import/kontoplan' });
    expect(items.funksjoner?.status).toBe('ikke_startet');
  });

  it('when the kontoplan lacks a funksjon for 252, then the funksjoner item names it', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'i_drift', { kontoplan: { versionNo: 1, art: 1, ansvar: 1, funksjon: 1, has251: true, has252: false } })));
    expect(items.funksjoner?.status).toBe('mangler');
    expect(items.funksjoner?.detail).toContain('252 (barnet plassert)');
    expect(items.funksjoner?.detail).not.toContain('251');
  });

  it('when no ERP is chosen, then each posting item in use asks for it', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'ikke_i_bruk', { erpChosen: false })));
    expect(items.postering_okonomi?.status).toBe('mangler');
    expect(items.postering_okonomi?.detail).toContain('Velg økonomisystemet');
  });

  it('when there is no Autopay agreement, then Autopay is decided', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'i_drift', { autopay: { avtale: 'nei', gaps: [] } })));
    expect(items.autopay).toMatchObject({ status: 'ok', detail: 'Kommunen har ikke Autopay-avtale.' });
  });

  it('when the review items are given, then they are used as they are', () => {
    const items = byKey(buildChecklistItems(facts('i_drift', 'i_drift')));
    expect(items.godkjenning).toEqual(review[2]);
    expect(items.mapping).toEqual(review[0]);
  });
});
