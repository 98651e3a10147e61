// Pure rules of the posting preview: the amount as written by a Norwegian user, and the voucher lines or why not.
import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import {
  MODUL_LABEL,
  MODULE_STATUS_LABEL,
  POSTING_FIELDS,
  POSTING_FIELD_LABEL,
  motkontoCheck,
  type MotkontoLookup,
  type ModuleStatus,
  type Modul,
  type PostingValues,
} from '../settings/settings.rules.ts';

export type PreviewTiltakstype = 'i_hjemmet' | 'utenfor_hjemmet';

export type AmountResult = { ok: true; ore: number } | { ok: false; message: string };

const MAX_ORE = 100_000_000_000; // 1 milliard kroner: far above any single payment, below float trouble

/**
 * «1 250,50», «1250.5», «1.250,50» and «1250» are all 1250,50 kr / 1250 kr. A dot is a decimal point only when
 * there is no comma and it is followed by one or two digits; otherwise dots group thousands. A minus (also the
 * typographic «−») makes it negative: a refusjon or kreditering, posted the other way round (buildVoucher).
 */
export function parseAmount(input: string): AmountResult {
  let s = input.replace(/[\s\u00a0\u202f]/g, '').replace(/kr\.?$/i, '');
  if (s === '') return { ok: false, message: 'Skriv et beløp, f.eks. 1 250,50.' };
  const negative = /^[-\u2212]/.test(s);
  if (negative) s = s.slice(1);
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) normalized = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(s)) normalized = s.replace(',', '.');
  else if (/^\d+(\.\d{1,2})?$/.test(s)) normalized = s;
  else return { ok: false, message: 'Beløpet må være et tall med høyst to desimaler, f.eks. 1 250,50 (eller −1 250,50 for en refusjon).' };
  const [kr, ore = ''] = normalized.split('.');
  const total = Number(kr) * 100 + Number(ore.padEnd(2, '0'));
  if (total === 0) return { ok: false, message: 'Beløpet kan ikke være 0. Skriv et beløp, f.eks. 1 250,50, eller −1 250,50 for en refusjon eller kreditering.' };
  if (total >= MAX_ORE) return { ok: false, message: 'Beløpet er urimelig stort. Skriv et beløp under 1 milliard kroner.' };
  return { ok: true, ore: negative ? -total : total };
}

const kr = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** «1 250,50»; a negative amount with the minus sign nb-NO writes («−1 250,50»). */
export const formatKroner = (ore: number) => kr.format(ore / 100);

/** A message that starts with a label such as «lønnsarten «…»» starts a sentence: capital first letter. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** «selskap, motkonto og bilagsserie» */
const listWords = (words: readonly string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} og ${words.at(-1)}`);

export interface Blocker {
  message: string;
  href: string;
}
export interface VoucherLine {
  side: 'debet' | 'kredit';
  konto: string;
  detail: string;
  selskap: string;
  bilagsserie: string;
  mvaKode: string | null;
  debet: string | null;
  kredit: string | null;
}

export interface VoucherFacts {
  modul: Modul;
  moduleStatus: ModuleStatus;
  itemLabel: string;
  kommuneNavn: string;
  tiltakstype: PreviewTiltakstype;
  /** null when the kategori does not apply to this tiltakstype (its tiltakstype is the other one). */
  itemTiltakstyper: readonly PreviewTiltakstype[];
  amountOre: number;
  /** The matrix line; null when the matrix has no line for it. */
  line: { art: string | null; ansvar: string | null; funksjon: string | null; kontostreng: string | null; problems: readonly { message: string; fixHref: string }[] } | null;
  posting: PostingValues;
  /** An AGA-pliktig lønnsart's AGA line (the arbeidsgiveravgift on the wage); undefined for anything else. */
  agaLine?: VoucherFacts['line'];
  /** The current kontoplan's accounts for the motkonto check, null before one is imported. */
  motkontoLookup: MotkontoLookup | null;
  mvaKode: string | null;
  hrefs: { moduler: string; postering: string; kontering: string; import: string };
}

/**
 * Debet the kontostreng, kredit the motkonto, in the module's selskap and bilagsserie (docs/domain.md «Posting and
 * Autopay»); a negative amount (refusjon, kreditering) the other way round. Or every reason it cannot be made yet,
 * each said once: the AGA line shares the wage's ansvar and funksjon, so its problems are mostly the same.
 */
export function buildVoucher(f: VoucherFacts): { lines: VoucherLine[]; blockers: Blocker[]; notes: string[] } {
  const blockers: Blocker[] = [];
  const add = (b: Blocker) => {
    if (!blockers.some((x) => x.message === b.message)) blockers.push(b);
  };
  const modul = MODUL_LABEL[f.modul];
  if (f.moduleStatus === 'ikke_i_bruk')
    add({ message: `${modul} er satt til «${MODULE_STATUS_LABEL.ikke_i_bruk.toLowerCase()}», så ${f.itemLabel} posteres ikke fra kodeverket.`, href: f.hrefs.moduler });
  if (!f.itemTiltakstyper.includes(f.tiltakstype)) {
    add({
      message: sentence(
        `${f.itemLabel} gjelder bare ${f.itemTiltakstyper.map((t) => TILTAKSTYPE_WITH_FUNKSJON[t].toLowerCase()).join(' og ')}, ikke ${TILTAKSTYPE_WITH_FUNKSJON[f.tiltakstype].toLowerCase()}. Velg den andre tiltakstypen, eller endre tiltakstypen i registeret hvis den skal gjelde.`,
      ),
      href: f.hrefs.import,
    });
    // nothing else matters for a payment this item never has (the matrix line would only say the same again)
    return { lines: [], blockers, notes: [] };
  }
  if (!f.line) add({ message: `Konteringsmatrisen har ingen kontostreng for ${f.itemLabel} i ${f.kommuneNavn}.`, href: f.hrefs.kontering });
  else {
    for (const p of f.line.problems) add({ message: sentence(p.message), href: p.fixHref });
    if (!f.line.kontostreng && f.line.problems.length === 0) add({ message: `Kontostrengen for ${f.itemLabel} i ${f.kommuneNavn} er ikke komplett.`, href: f.hrefs.kontering });
  }
  const missing = POSTING_FIELDS.filter((field) => !f.posting[field]).map((field) => POSTING_FIELD_LABEL[field].toLowerCase());
  if (missing.length > 0) add({ message: `Mangler ${listWords(missing)} for ${modul.toLowerCase()} i ${f.kommuneNavn}.`, href: `${f.hrefs.postering}#modul-${f.modul}` });
  if (f.agaLine) for (const p of f.agaLine.problems) add({ message: sentence(p.message), href: p.fixHref });
  const motkonto = f.posting.motkonto ? motkontoCheck(f.posting.motkonto, f.motkontoLookup) : { error: null, note: null };
  if (motkonto.error) add({ message: motkonto.error, href: `${f.hrefs.postering}#modul-${f.modul}` });
  const notes = motkonto.note ? [motkonto.note] : [];
  if (blockers.length > 0 || !f.line?.kontostreng) return { lines: [], blockers, notes };

  // a refusjon or kreditering reverses the sides: the kontostreng is credited, the motkonto debited
  const refund = f.amountOre < 0;
  if (refund) notes.unshift('Negativt beløp (refusjon eller kreditering): kontostrengen krediteres og motkontoen debiteres.');
  const amount = formatKroner(Math.abs(f.amountOre));
  const common = { selskap: f.posting.selskap as string, bilagsserie: f.posting.bilagsserie as string };
  const cost = (konto: string, detail: string, mvaKode: string | null, value: string): VoucherLine =>
    refund ? { side: 'kredit', konto, detail, ...common, mvaKode, debet: null, kredit: value } : { side: 'debet', konto, detail, ...common, mvaKode, debet: value, kredit: null };
  const counter = (detail: string, value: string): VoucherLine => {
    const konto = f.posting.motkonto as string;
    return refund ? { side: 'debet', konto, detail, ...common, mvaKode: null, debet: value, kredit: null } : { side: 'kredit', konto, detail, ...common, mvaKode: null, debet: null, kredit: value };
  };
  return {
    blockers,
    notes,
    lines: [
      cost(f.line.kontostreng, `art ${f.line.art}, ansvar ${f.line.ansvar}, funksjon ${f.line.funksjon}`, f.mvaKode, amount),
      counter('motkonto', amount),
      // arbeidsgiveravgift follows the wage's ansvar and funksjon; its amount depends on the AGA zone, so lønn computes it
      ...(f.agaLine?.kontostreng
        ? [
            cost(f.agaLine.kontostreng, `arbeidsgiveravgift: art ${f.agaLine.art}, ansvar ${f.agaLine.ansvar}, funksjon ${f.agaLine.funksjon}`, null, 'AGA av beløpet'),
            counter('motkonto for arbeidsgiveravgiften', 'AGA av beløpet'),
          ]
        : []),
    ],
  };
}
