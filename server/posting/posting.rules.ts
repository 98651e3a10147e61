// Pure rules of the posting preview: the amount as written by a Norwegian user, and the voucher lines or why not.
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
export const PREVIEW_TILTAKSTYPE_LABEL: Record<PreviewTiltakstype, string> = { i_hjemmet: 'I hjemmet (251)', utenfor_hjemmet: 'Utenfor hjemmet (252)' };

export type AmountResult = { ok: true; ore: number } | { ok: false; message: string };

const MAX_ORE = 100_000_000_000; // 1 milliard kroner: far above any single payment, below float trouble

/**
 * «1 250,50», «1250.5», «1.250,50» and «1250» are all 1250,50 kr / 1250 kr. A dot is a decimal point only when
 * there is no comma and it is followed by one or two digits; otherwise dots group thousands.
 */
export function parseAmount(input: string): AmountResult {
  const s = input.replace(/[\s\u00a0\u202f]/g, '').replace(/kr\.?$/i, '');
  if (s === '') return { ok: false, message: 'Skriv et beløp, f.eks. 1 250,50.' };
  if (s.startsWith('-')) return { ok: false, message: 'Beløpet må være større enn 0.' };
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) normalized = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(s)) normalized = s.replace(',', '.');
  else if (/^\d+(\.\d{1,2})?$/.test(s)) normalized = s;
  else return { ok: false, message: 'Beløpet må være et tall med høyst to desimaler, f.eks. 1 250,50.' };
  const [kr, ore = ''] = normalized.split('.');
  const total = Number(kr) * 100 + Number(ore.padEnd(2, '0'));
  if (total <= 0) return { ok: false, message: 'Beløpet må være større enn 0.' };
  if (total >= MAX_ORE) return { ok: false, message: 'Beløpet er urimelig stort. Skriv et beløp under 1 milliard kroner.' };
  return { ok: true, ore: total };
}

const kr = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatKroner = (ore: number) => kr.format(ore / 100);

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

/** Debet the kontostreng, kredit the motkonto, in the module's selskap and bilagsserie (docs/domain.md «Posting and Autopay»); or every reason it cannot be made yet. */
export function buildVoucher(f: VoucherFacts): { lines: VoucherLine[]; blockers: Blocker[]; notes: string[] } {
  const blockers: Blocker[] = [];
  const modul = MODUL_LABEL[f.modul];
  if (f.moduleStatus === 'ikke_i_bruk')
    blockers.push({ message: `${modul} er satt til «${MODULE_STATUS_LABEL.ikke_i_bruk.toLowerCase()}», så ${f.itemLabel} posteres ikke fra kodeverket.`, href: f.hrefs.moduler });
  if (!f.itemTiltakstyper.includes(f.tiltakstype))
    blockers.push({
      message: `${f.itemLabel} gjelder bare ${f.itemTiltakstyper.map((t) => PREVIEW_TILTAKSTYPE_LABEL[t].toLowerCase()).join(' og ')}, ikke ${PREVIEW_TILTAKSTYPE_LABEL[f.tiltakstype].toLowerCase()}.`,
      href: f.hrefs.import,
    });
  if (!f.line) blockers.push({ message: `Konteringsmatrisen har ingen kontostreng for ${f.itemLabel} i ${f.kommuneNavn}.`, href: f.hrefs.kontering });
  else {
    for (const p of f.line.problems) blockers.push({ message: p.message, href: p.fixHref });
    if (!f.line.kontostreng && f.line.problems.length === 0) blockers.push({ message: `Kontostrengen for ${f.itemLabel} i ${f.kommuneNavn} er ikke komplett.`, href: f.hrefs.kontering });
  }
  for (const field of POSTING_FIELDS)
    if (!f.posting[field])
      blockers.push({ message: `Mangler ${POSTING_FIELD_LABEL[field].toLowerCase()} for ${modul.toLowerCase()} (${f.kommuneNavn}).`, href: `${f.hrefs.postering}#modul-${f.modul}` });
  if (f.agaLine) for (const p of f.agaLine.problems) blockers.push({ message: p.message, href: p.fixHref });
  const motkonto = f.posting.motkonto ? motkontoCheck(f.posting.motkonto, f.motkontoLookup) : { error: null, note: null };
  if (motkonto.error) blockers.push({ message: motkonto.error, href: `${f.hrefs.postering}#modul-${f.modul}` });
  const notes = motkonto.note ? [motkonto.note] : [];
  if (blockers.length > 0 || !f.line?.kontostreng) return { lines: [], blockers, notes };

  const amount = formatKroner(f.amountOre);
  const common = { selskap: f.posting.selskap as string, bilagsserie: f.posting.bilagsserie as string };
  return {
    blockers,
    notes,
    lines: [
      { side: 'debet', konto: f.line.kontostreng, detail: `art ${f.line.art} · ansvar ${f.line.ansvar} · funksjon ${f.line.funksjon}`, ...common, mvaKode: f.mvaKode, debet: amount, kredit: null },
      { side: 'kredit', konto: f.posting.motkonto as string, detail: 'motkonto', ...common, mvaKode: null, debet: null, kredit: amount },
      // arbeidsgiveravgift follows the wage's ansvar and funksjon; its amount depends on the AGA zone, so lønn computes it
      ...(f.agaLine?.kontostreng
        ? [
            {
              side: 'debet' as const,
              konto: f.agaLine.kontostreng,
              detail: `arbeidsgiveravgift · art ${f.agaLine.art} · ansvar ${f.agaLine.ansvar} · funksjon ${f.agaLine.funksjon}`,
              ...common,
              mvaKode: null,
              debet: 'AGA av beløpet',
              kredit: null,
            },
            { side: 'kredit' as const, konto: f.posting.motkonto as string, detail: 'motkonto for arbeidsgiveravgiften', ...common, mvaKode: null, debet: null, kredit: 'AGA av beløpet' },
          ]
        : []),
    ],
  };
}
