import { z } from 'zod';
import type { Dimensjon, KontoplanRecord } from '../spreadsheet/types.ts';
import { aliasTable, foldText } from '../spreadsheet/headers.ts';
import { addCellIssue, optionalText, parseDimensjon, parseJaNei } from '../registers/cell-rules.ts';
import { jaNeiText, type HeaderCell, type RegisterDefinition, type SheetPlan, type SheetSlot } from '../registers/definition.ts';
import { checkKontoplanRecord, dimensjonLabel, missingBarnevernFunksjoner } from './kontoplan.rules.ts';

const DIMENSJONER: readonly Dimensjon[] = ['art', 'ansvar', 'funksjon'];

const aliases = aliasTable({
  art: ['Art', 'Artskonto', 'Konto', 'Kontonr', 'Kontonummer', 'Artsnr', 'Artsnummer', 'Arter'],
  ansvar: ['Ansvar', 'Ansvarssted', 'Ansvarsnummer', 'Ansvarsnr', 'Ansvarsted'],
  funksjon: ['Funksjon', 'Tjeneste', 'Funksjonsnr', 'Funksjonsnummer', 'Tjenestenr', 'Tjenestenummer'],
  art_navn: ['Artsnavn', 'Artnavn', 'Kontonavn', 'Kontotekst', 'Artstekst', 'Artsbeskrivelse'],
  ansvar_navn: ['Ansvarsnavn', 'Ansvarnavn', 'Ansvarstekst', 'Ansvarsbeskrivelse'],
  funksjon_navn: ['Funksjonsnavn', 'Funksjonnavn', 'Tjenestenavn', 'Funksjonstekst', 'Tjenestetekst'],
  kode: ['Kode', 'Nr', 'Nummer', 'Kodeverdi', 'Verdi', 'Id'],
  navn: ['Navn', 'Beskrivelse', 'Tekst', 'Betegnelse', 'Benevnelse'],
  dimensjon: ['Dimensjon', 'Dim', 'Type', 'Dimensjonstype', 'Kodetype', 'Kontotype'],
  aktiv: ['Aktiv', 'Er aktiv'],
  kostra: ['KOSTRA', 'KOSTRA-art', 'KOSTRA-kode', 'KOSTRA-funksjon', 'Kostraart'],
});

const fieldLabels: Record<string, string> = { kode: 'Kode', navn: 'Navn', dimensjon: 'Dimensjon' };

function classifyHeader(key: string, isText: boolean): string | null {
  const field = aliases.get(key) ?? null;
  if (isText) return field !== null && (DIMENSJONER as readonly string[]).includes(field) ? `${field}_navn` : field === 'kode' ? 'navn' : null;
  return field;
}

/** The dimension a sheet is about, from its name (Art, Arter, Konto, Ansvar, Funksjon, Tjenester …); null when it does not say. */
export function dimensjonFromSheetName(sheetName: string): Dimensjon | null {
  for (const word of sheetName.split(/[^A-Za-zÆØÅæøå]+/)) {
    const w = foldText(word);
    if (w === '' || w.startsWith('kontoplan')) continue;
    if (w.startsWith('art') || w.startsWith('konto')) return 'art';
    if (w.startsWith('ansvar')) return 'ansvar';
    if (w.startsWith('funksjon') || w.startsWith('tjeneste')) return 'funksjon';
  }
  return null;
}

/**
 * Kontoplan layouts: (a) one sheet per dimension (Kode | Navn, dimension from the sheet name),
 * (b) a Dimensjon column, (c) code/name pairs side by side (Art | Navn | Ansvar | Navn | Funksjon | Navn),
 * (d) ERP print-outs (Ansvar | Ansvar(T) | Konto | Konto(T) | Funksjon | Funksjon(T)), each row a combination.
 */
function planSheet(sheetName: string, headers: readonly HeaderCell[]): SheetPlan {
  const byField = (field: string): HeaderCell | undefined => headers.find((h) => h.field === field);
  const extras = (slot: SheetSlot): SheetSlot => {
    const aktiv = byField('aktiv');
    const kostra = byField('kostra');
    if (aktiv) slot.columns['aktiv'] = aktiv.index;
    if (kostra) slot.columns['kostra'] = kostra.index;
    return slot;
  };
  const kode = byField('kode');
  const dimCodes = headers.filter((h) => h.field !== null && (DIMENSJONER as readonly string[]).includes(h.field));
  if (kode === undefined && dimCodes.length > 0) {
    const slots: SheetSlot[] = [];
    for (const dc of dimCodes) {
      const dim = dc.field as Dimensjon;
      const named = headers.find((h) => h.field === `${dim}_navn`);
      const next = headers.find((h) => h.index === dc.index + 1);
      const nameCol = named ?? (next && next.field === 'navn' ? next : undefined);
      if (nameCol === undefined) {
        return { kind: 'ignore', reason: `Fant ingen navnekolonne for ${dimensjonLabel[dim].toLowerCase()} (kolonne ${dc.letter}).`, missingFields: [`${dim}_navn`] };
      }
      slots.push({ columns: { kode: dc.index, navn: nameCol.index }, fixed: { dimensjon: dim } });
    }
    const only = slots[0];
    if (slots.length === 1 && only) return { kind: 'plan', slots: [extras(only)], multiPerRow: false };
    return { kind: 'plan', slots, multiPerRow: true };
  }
  if (kode === undefined) return { kind: 'ignore', reason: 'Fant ingen kolonne med koder (Kode, Art, Ansvar eller Funksjon).', missingFields: ['kode'] };
  const navn = byField('navn');
  if (navn === undefined) return { kind: 'ignore', reason: 'Fant ingen kolonne med navn (Navn, Beskrivelse eller Tekst).', missingFields: ['navn'] };
  const dimensjon = byField('dimensjon');
  if (dimensjon) return { kind: 'plan', slots: [extras({ columns: { kode: kode.index, navn: navn.index, dimensjon: dimensjon.index }, fixed: {} })], multiPerRow: false };
  const fromName = dimensjonFromSheetName(sheetName);
  if (fromName === null) {
    return {
      kind: 'ignore',
      reason: 'Ser ikke hvilken dimensjon arket gjelder. Gi arket navnet Art, Ansvar eller Funksjon, eller legg til en kolonne «Dimensjon».',
      missingFields: ['dimensjon'],
    };
  }
  return { kind: 'plan', slots: [extras({ columns: { kode: kode.index, navn: navn.index }, fixed: { dimensjon: fromName } })], multiPerRow: false };
}

const rowSchema = z
  .object({ dimensjon: optionalText, kode: optionalText, navn: optionalText, aktiv: optionalText, kostra: optionalText })
  .transform((o, ctx): KontoplanRecord => {
    const dimensjon = parseDimensjon(o.dimensjon);
    if (dimensjon === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dimensjon'], params: { code: 'ugyldig_dimensjon' }, message: `«${o.dimensjon ?? ''}» er ikke en dimensjon. Skriv Art, Ansvar eller Funksjon.` });
      return z.NEVER;
    }
    const label = dimensjonLabel[dimensjon];
    let ok = true;
    if (o.kode === null) {
      ctx.addIssue({ code: 'custom', path: ['kode'], params: { code: 'kode_mangler' }, message: `Raden har navn, men ingen kode (${label.toLowerCase()}). Fyll inn koden, eller slett raden.` });
      ok = false;
    } else if (!/^\d+$/.test(o.kode)) {
      const hint = /^[\doO]+$/.test(o.kode) ? ' Det ser ut som bokstaven O er brukt i stedet for tallet 0.' : '';
      ctx.addIssue({ code: 'custom', path: ['kode'], params: { code: 'kode_ikke_siffer' }, message: `${label}-koden «${o.kode}» kan bare inneholde siffer.${hint} Rett koden.` });
      ok = false;
    }
    if (o.navn === null) {
      ctx.addIssue({ code: 'custom', path: ['navn'], params: { code: 'navn_mangler' }, message: `${label} ${o.kode ?? ''} mangler navn. Fyll inn navnet.` });
      ok = false;
    }
    const aktivText = o.aktiv !== null && /^(aktiv)$/i.test(o.aktiv) ? 'ja' : o.aktiv !== null && /^(inaktiv|sperret|passiv)$/i.test(o.aktiv) ? 'nei' : o.aktiv;
    const aktiv = parseJaNei(aktivText);
    if (aktiv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['aktiv'], params: { code: 'ugyldig_ja_nei' }, message: `«${o.aktiv ?? ''}» er ikke et gyldig svar for Aktiv. Skriv Ja eller Nei (tom = Ja).` });
      ok = false;
    }
    if (!ok || o.kode === null || o.navn === null) return z.NEVER;
    return { dimensjon, kode: o.kode, navn: o.navn, aktiv: aktiv ?? true, kostra: dimensjon === 'ansvar' ? null : o.kostra };
  });

export const kontoplanDefinition: RegisterDefinition<KontoplanRecord> = {
  register: 'kontoplan',
  label: 'kontoplan',
  mappableFields: ['kode', 'navn', 'dimensjon', 'aktiv', 'kostra', 'art', 'art_navn', 'ansvar', 'ansvar_navn', 'funksjon', 'funksjon_navn'],
  classifyHeader,
  planSheet,
  inputFields: ['dimensjon', 'kode', 'navn', 'aktiv', 'kostra'],
  rowSchema: rowSchema as unknown as z.ZodType<KontoplanRecord, Record<string, string | null>>,
  codeFields: ['kode'],
  padGroup: (r) => r.dimensjon,
  checkRecord: (r, ctx) => checkKontoplanRecord(r, ctx.regnskapsar),
  identity: (r) => `${r.dimensjon}:${r.kode}`,
  describe: (r) => `${dimensjonLabel[r.dimensjon]} ${r.kode}`,
  checkAll: (records) => missingBarnevernFunksjoner(records),
  countKeys: ['art', 'ansvar', 'funksjon'],
  countKey: (r) => r.dimensjon,
  exampleRows: [
    { dimensjon: 'art', kode: '10100', navn: 'Fastlønn', aktiv: true, kostra: '010' },
    { dimensjon: 'ansvar', kode: '7100', navn: 'Barneverntjenesten Vestvågøy', aktiv: true, kostra: null },
    { dimensjon: 'funksjon', kode: '251', navn: 'Barnevernstiltak når barnet ikke er plassert av barnevernstjenesten', aktiv: true, kostra: '251' },
  ],
  templateSheets: [
    { name: 'Art', fields: ['kode', 'navn', 'aktiv', 'kostra'], includes: (r) => r.dimensjon === 'art' },
    { name: 'Ansvar', fields: ['kode', 'navn', 'aktiv'], includes: (r) => r.dimensjon === 'ansvar' },
    { name: 'Funksjon', fields: ['kode', 'navn', 'aktiv'], includes: (r) => r.dimensjon === 'funksjon' },
  ],
  exportHeaders: { kode: 'Kode', navn: 'Navn', aktiv: 'Aktiv', kostra: 'KOSTRA' },
  janeiFields: ['aktiv'],
  tiltakstypeFields: [],
  toExportCells: (r) => ({ kode: r.kode, navn: r.navn, aktiv: jaNeiText(r.aktiv), kostra: r.kostra }),
};

export const kontoplanFieldLabels = fieldLabels;
