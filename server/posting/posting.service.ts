import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import { urls } from '../platform/http/urls.ts';
import { lineFor } from '../kodeverk/kodeverk.matrix.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { artLookupOf } from '../settings/settings.service.ts';
import { effectiveSettingsOf, isInUse, kategoriKey, type Modul } from '../settings/settings.rules.ts';
import { buildVoucher, formatKroner, type PreviewTiltakstype } from './posting.rules.ts';
import { itemValue, splitItemValue, type PreviewChoices, type PreviewInput } from './posting.schemas.ts';

const BOTH: readonly PreviewTiltakstype[] = ['i_hjemmet', 'utenfor_hjemmet'];

/** What the preview form offers: the current lønnsarter and utbetalingskategorier of the modules in use, and the tjeneste's kommuner. */
export function previewChoices(state: KodeverkState) {
  const { registers, kommuner, settings } = state;
  const inUse = { lonn: isInUse(settings.moduler.lonn), okonomi: isInUse(settings.moduler.okonomi) };
  const lonnsarter = (inUse.lonn ? (registers.lonnsarter?.rows ?? []) : []).map((l) => ({ code: itemValue('lonnsart', l.kode), label: `${l.kode} ${l.navn}` }));
  const kategorier = (inUse.okonomi ? (registers.utbetalingskategorier?.rows ?? []) : []).map((k) => ({
    code: itemValue('utbetalingskategori', kategoriKey(k)),
    label: k.kode ? `${k.kode} ${k.navn}` : k.navn,
  }));
  const choices: PreviewChoices = { items: new Set([...lonnsarter, ...kategorier].map((i) => i.code)), kommuner: new Set(kommuner.map((k) => k.kommunenummer)) };
  const notInUse = [...(inUse.lonn ? [] : ['lønn']), ...(inUse.okonomi ? [] : ['økonomi'])];
  return { lonnsarter, kategorier, kommuner, choices, notInUse };
}

const tiltakstyperOf = (t: 'i_hjemmet' | 'utenfor_hjemmet' | 'begge') => (t === 'begge' ? BOTH : [t]);

/** The voucher lines the kodeverk would produce for one payment, or every reason it cannot yet. From the state alone. */
export function previewPosting(state: KodeverkState, input: PreviewInput) {
  const slug = state.tjeneste.slug;
  const { itemType, itemKode } = splitItemValue(input.item);
  const { registers, kommuner, mva } = state;
  const effective = effectiveSettingsOf(state.settings, state.postings, input.kommune);
  const line = lineFor(state.matrix, { itemType, itemKode }, input.kommune, input.tiltakstype);
  const modul: Modul = itemType === 'lonnsart' ? 'lonn' : 'okonomi';
  // an AGA-pliktig lønnsart also posts its arbeidsgiveravgift, on the matrix's AGA line
  const agaLine = itemType === 'lonnsart' ? lineFor(state.matrix, { itemType: 'aga', itemKode }, input.kommune, input.tiltakstype) : null;
  const kategori = itemType === 'utbetalingskategori' ? registers.utbetalingskategorier?.rows.find((k) => kategoriKey(k) === itemKode) : undefined;
  const lonnsart = itemType === 'lonnsart' ? registers.lonnsarter?.rows.find((l) => l.kode === itemKode) : undefined;
  const itemLabel = kategori ? `utbetalingskategorien «${kategori.navn}»` : `lønnsarten «${lonnsart?.navn ?? itemKode}»`;
  const kommuneNavn = kommuner.find((k) => k.kommunenummer === input.kommune)?.navn ?? input.kommune;
  const { status, ...posting } = effective[modul];
  const result = buildVoucher({
    modul,
    moduleStatus: status,
    itemLabel,
    kommuneNavn,
    tiltakstype: input.tiltakstype,
    // A lønnsart or kategori applies to its own tiltakstype, `begge` to both.
    itemTiltakstyper: tiltakstyperOf(kategori?.tiltakstype ?? lonnsart?.tiltakstype ?? 'begge'),
    amountOre: input.belop,
    line,
    posting,
    motkontoLookup: artLookupOf(registers.kontoplan),
    ...(agaLine ? { agaLine } : {}),
    mvaKode: kategori ? (mva[kategoriKey(kategori)] ?? null) : null,
    hrefs: {
      moduler: urls.modules(slug),
      postering: urls.posting(slug),
      kontering: urls.kontering(slug),
      import: urls.importRegister(slug, itemType === 'lonnsart' ? 'lonnsarter' : 'utbetalingskategorier'),
    },
  });
  return {
    ...result,
    summary: {
      itemLabel,
      kommuneNavn,
      // mid-sentence: «… i Flakstad, utenfor hjemmet (252) – …»
      tiltakstypeLabel: TILTAKSTYPE_WITH_FUNKSJON[input.tiltakstype].toLowerCase(),
      belop: formatKroner(input.belop),
      modulLabel: modul === 'lonn' ? 'lønn' : 'økonomi',
      warnings: [...(line?.warnings ?? []), ...(agaLine?.warnings ?? [])],
      aga: agaLine !== null && !!agaLine.kontostreng,
    },
  };
}
