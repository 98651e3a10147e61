import type { Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { canEditRegisters } from '../auth/permissions.ts';
import { kontoLabel } from '../registers/code-chooser.ts';
import { loadMatrixInput } from '../kodeverk/kodeverk.state.ts';
import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import { candidateFunksjoner } from './funksjon-per-kategori.rules.ts';
import { cellKey, cellsFor, type FunksjonFormOverride, itemText } from './funksjon-per-kategori.service.ts';

// The page «Funksjon per kategori» (read only: the writes are in funksjon-per-kategori.service.ts).

const CONFIDENCE = { sikker: { label: 'Sikkert forslag', badge: 'ok' }, usikker: { label: 'Usikkert forslag', badge: 'warn' } } as const;

/** The page «Funksjon per kategori»: per kommune, every item and tiltakstype with the kommune's default, the choice and the proposal. */
async function funksjonForms(db: Executor, tjenesteId: number, override?: FunksjonFormOverride) {
  const input = await loadMatrixInput(db, tjenesteId);
  if (!input.kontoplan) return { hasKontoplan: false, kommuner: [], hasSureProposals: false };
  const funksjoner = input.kontoplan.funksjon;
  const label = (kode: string | null) => {
    if (kode === null) return null;
    const f = funksjoner.find((x) => x.kode === kode);
    return f ? kontoLabel(f) : kode;
  };
  const kommuner = input.kommuner.map((k) => {
    const own = override?.kommunenummer === k.kommunenummer ? override : undefined;
    const cells = cellsFor(input, k.kommunenummer);
    const rows = cells.map((c, n) => {
      const key = cellKey(c);
      const value = own ? (own.values[key] ?? '') : (c.saved ?? '');
      const candidates = candidateFunksjoner(funksjoner, c.tiltakstype).filter((f) => f.kode !== c.defaultFunksjon);
      const options = candidates.map((f) => ({ kode: f.kode, label: kontoLabel(f), selected: f.kode === value }));
      // a saved choice no longer in the list (a new kontoplan) stays visible, so it is not lost silently
      if (value !== '' && !options.some((o) => o.kode === value)) options.unshift({ kode: value, label: `${label(value)} (passer ikke lenger)`, selected: true });
      return {
        n,
        id: `fk-${k.kommunenummer}-${n}`,
        key,
        item: itemText(c),
        tiltakstype: TILTAKSTYPE_WITH_FUNKSJON[c.tiltakstype],
        defaultLabel: label(c.defaultFunksjon) ?? 'ikke valgt',
        noneSelected: value === '',
        options,
        error: own?.errors[key] ?? null,
        proposal: c.proposal && c.saved === null ? { ...CONFIDENCE[c.proposal.confidence], reason: c.proposal.reason, kode: c.proposal.kode } : null,
      };
    });
    return {
      kommunenummer: k.kommunenummer,
      navn: k.navn,
      mapped: input.mappings.has(k.kommunenummer),
      hasChoices: rows.some((r) => r.options.length > 0),
      ownCount: cells.filter((c) => c.saved !== null).length,
      errors: rows.flatMap((r) => (r.error ? [{ id: r.id, message: `${r.item}, ${r.tiltakstype}: ${r.error}` }] : [])),
      rows,
    };
  });
  return { hasKontoplan: true, kommuner, hasSureProposals: kommuner.some((k) => k.mapped && k.rows.some((r) => r.proposal?.badge === 'ok')) };
}

/** The whole page; override: a refused form's values and messages for its kommune. */
export async function funksjonPage(db: Executor, actor: Actor, override?: FunksjonFormOverride) {
  return { title: 'Funksjon per kategori', canEdit: canEditRegisters(actor), ...(await funksjonForms(db, actor.tjenesteId, override)) };
}
