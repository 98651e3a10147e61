import type { Executor } from '../platform/db/database.ts';
import type { Actor, CurrentTenant } from '../platform/http/context.ts';
import { canEditRegisters } from '../auth/permissions.ts';
import { chooserFor, kontoLabel } from '../registers/code-chooser.ts';
import { loadCurrentRegisters, type Konto } from '../registers/current.ts';
import { findTjeneste, listKommuner } from '../tenancy/tenancy.service.ts';
import { ansvarSharingOf, type KommuneMapping } from '../kodeverk/matrix.rules.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import { kommuneReviewsOf, rejectionsOf } from '../review/review.service.ts';
import * as repo from './mapping.repository.ts';
import { funksjonKostra, proposeMapping, slotAccepts, type Confidence, type FunksjonSlot, type MappingField, type MappingProposal } from './mapping.rules.ts';
import { type DeltAnsvarOverride, fromProposal, loadMappings, type MappingFormOverride, toValues } from './mapping.service.ts';

// The page «Kommunenes ansvar og funksjoner» (read only: the writes are in mapping.service.ts).

const FIELDS: { field: MappingField; key: keyof KommuneMapping; label: string; hint: string; required: boolean }[] = [
  { field: 'ansvar', key: 'ansvar', label: 'Ansvar', hint: 'Kommunens eget ansvar i vertskommunens regnskap.', required: true },
  { field: 'funksjon_i_hjemmet', key: 'funksjonIHjemmet', label: 'Funksjon for tiltak i hjemmet', hint: 'KOSTRA 251: barnet er ikke plassert av barnevernet.', required: true },
  {
    field: 'funksjon_utenfor_hjemmet',
    key: 'funksjonUtenforHjemmet',
    label: 'Funksjon for tiltak utenfor hjemmet',
    hint: 'KOSTRA 252: fosterhjem, institusjon, bolig med oppfølging.',
    required: true,
  },
  { field: 'funksjon_administrasjon', key: 'funksjonAdministrasjon', label: 'Funksjon for administrasjon (valgfri)', hint: 'KOSTRA 244: tjenestens eget arbeid.', required: false },
];
const CONFIDENCE: Record<Confidence, { label: string; badge: string }> = {
  sikker: { label: 'Sikkert forslag', badge: 'ok' },
  usikker: { label: 'Usikkert forslag', badge: 'warn' },
  ingen: { label: 'Ingen forslag', badge: 'err' },
};

/** Every kommune with its saved mapping, or — until a person confirms one — the app's proposal and how sure it is. */
async function mappingForms(db: Executor, tjenesteId: number, override?: MappingFormOverride | DeltAnsvarOverride) {
  const [registers, kommuner, mappings, tjeneste] = await Promise.all([loadCurrentRegisters(db, tjenesteId), listKommuner(db, tjenesteId), loadMappings(db, tjenesteId), findTjeneste(db, tjenesteId)]);
  const kontoplan = registers.kontoplan;
  if (!kontoplan) return { hasKontoplan: false, kommuner: [] };
  const optionsFor = (field: MappingField): Konto[] => {
    if (field === 'ansvar') return kontoplan.ansvar;
    const slot = { funksjon_i_hjemmet: 'funksjonIHjemmet', funksjon_utenfor_hjemmet: 'funksjonUtenforHjemmet', funksjon_administrasjon: 'funksjonAdministrasjon' }[field] as FunksjonSlot;
    return kontoplan.funksjon.filter((f) => slotAccepts(slot, funksjonKostra(f)));
  };
  const rows = kommuner.map((k) => {
    const saved = mappings.get(k.kommunenummer) ?? null;
    const proposal = saved ? null : proposeMapping(k, kommuner, kontoplan, tjeneste?.navn);
    const own = override && 'kommunenummer' in override && override.kommunenummer === k.kommunenummer ? override : undefined;
    const values = own?.values ?? toValues(saved ?? (proposal ? fromProposal(proposal) : null));
    const orig = own?.orig ?? values;
    return {
      kommunenummer: k.kommunenummer,
      navn: k.navn,
      erVertskommune: k.er_vertskommune,
      saved,
      version: own?.version ?? saved?.version ?? 0,
      conflict: own?.conflict ?? null,
      hasErrors: !!own?.errors && Object.keys(own.errors).length > 0,
      fields: FIELDS.map((f) => {
        const value = values[f.field];
        const options = optionsFor(f.field).map((o) => ({ kode: o.kode, label: kontoLabel(o), selected: o.kode === value }));
        // A saved value no longer in the list (e.g. wrong KOSTRA part after a new kontoplan) stays visible.
        const chooser = chooserFor(f.field === 'ansvar' ? 'ansvar' : 'funksjon', options, value, (kode) => `${kode} (finnes ikke her i kontoplanen)`);
        const p = proposal ? proposal[f.key as keyof MappingProposal] : null;
        return {
          ...f,
          id: `f-${k.kommunenummer}-${f.field}`,
          origValue: orig[f.field],
          noneSelected: value === null,
          chooser,
          errors: own?.errors?.[f.field] ?? [],
          proposal: p && !own ? { ...CONFIDENCE[p.confidence], reason: p.reason } : null,
        };
      }),
    };
  });
  // one datalist per dimension that is searched rather than listed (code-chooser.ts)
  const searched = new Set(rows.flatMap((r) => r.fields.flatMap((f) => (f.chooser.search ? [f.chooser.dimension] : []))));
  const codeLists = [...searched].map((dimension) => ({ id: `koder-${dimension}`, dimension }));
  return { hasKontoplan: true, kommuner: rows, codeLists, hasUnsaved: rows.some((r) => !r.saved), deltAnsvar: await deltAnsvarRows(db, tjenesteId, kommuner, mappings, override) };
}

/** Every ansvar saved for two or more kommuner, and every ansvar marked as shared (a marking outlives a change of mapping). */
async function deltAnsvarRows(
  db: Executor,
  tjenesteId: number,
  kommuner: readonly { kommunenummer: string; navn: string }[],
  mappings: Map<string, KommuneMapping>,
  override?: MappingFormOverride | DeltAnsvarOverride,
) {
  const marked = await repo.listDeltAnsvar(db, tjenesteId);
  const sharing = ansvarSharingOf({ kommuner, mappings, deltAnsvar: new Map(marked.map((m) => [m.ansvar, m.begrunnelse])) });
  const byAnsvar = new Map<string, string[]>();
  for (const s of sharing.values()) byAnsvar.set(s.ansvar, s.kommuner);
  for (const m of marked) if (!byAnsvar.has(m.ansvar)) byAnsvar.set(m.ansvar, []);
  const own = override && 'begrunnelse' in override ? override : undefined;
  return [...byAnsvar]
    .sort(([a], [b]) => a.localeCompare(b, 'nb', { numeric: true }))
    .map(([ansvar, ks]) => {
      const m = marked.find((x) => x.ansvar === ansvar);
      const mine = own?.ansvar === ansvar ? own : undefined;
      return {
        ansvar,
        id: `delt-${ansvar.replace(/[^A-Za-z0-9_-]/g, '_')}`,
        kommuner: ks,
        marked: m ? { begrunnelse: m.begrunnelse, updatedByLabel: m.updated_by_label, updatedAt: m.updated_at } : null,
        unused: ks.length < 2,
        begrunnelse: mine?.begrunnelse ?? m?.begrunnelse ?? '',
        errors: mine?.errors ?? [],
      };
    });
}

/** The whole page: the form per kommune (a refused form shown again as sent), and the godkjenner's reason where one was rejected, shown where it is put right. */
export async function mappingPage(db: Executor, tenant: Pick<CurrentTenant, 'id' | 'revision'>, actor: Actor, override?: MappingFormOverride | DeltAnsvarOverride) {
  const [model, state] = await Promise.all([mappingForms(db, tenant.id, override), kodeverkStateOf(db, tenant)]);
  const rejected = new Map(rejectionsOf(kommuneReviewsOf(state)).map((r) => [r.kommunenummer, r]));
  const kommuner = model.kommuner.map((k) => ({ ...k, rejection: rejected.get(k.kommunenummer) ?? null }));
  return { title: 'Kommunenes ansvar og funksjoner', canEdit: canEditRegisters(actor), ...model, kommuner };
}
