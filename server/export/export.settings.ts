import { ERP_LABEL, JA_NEI_LABEL, MODULE_STATUS_LABEL, MODUL_LABEL, MODULER, POSTING_FIELDS, POSTING_FIELD_LABEL, type Erp, type JaNei, type ModuleStatus } from '../settings/settings.rules.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import type { KodeverkDocument } from './export.document.ts';

/**
 * The package's settings as people read them (oversikt.html, the Innstillinger and Postering sheets, the comparison
 * of two exports): words instead of keys, «Ikke avklart» for what is not decided, one row per kommune for posting.
 */
const IKKE_AVKLART = 'Ikke avklart';
const orIkkeAvklart = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? IKKE_AVKLART : v);
const statusText = (s: string) => MODULE_STATUS_LABEL[s as ModuleStatus] ?? s;
const jaNeiText = (v: string) => JA_NEI_LABEL[v as JaNei] ?? v;

export interface SettingLine {
  omrade: string;
  innstilling: string;
  verdi: string;
}
export interface PostingRow {
  modul: string;
  kommunenummer: string;
  kommune: string;
  selskap: string;
  motkonto: string;
  bilagsserie: string;
  egne: string;
}

/** Module state, ERP and Autopay, one line each. */
export function settingLines(doc: KodeverkDocument): SettingLine[] {
  const lines: SettingLine[] = MODULER.map((m) => ({ omrade: 'Moduler', innstilling: MODUL_LABEL[m], verdi: statusText(doc.moduler[m]) }));
  const erp = doc.innstillinger.erp;
  lines.push({
    omrade: 'Økonomisystem',
    innstilling: 'System',
    verdi: erp.system === null ? IKKE_AVKLART : erp.system === 'annet' ? orIkkeAvklart(erp.annet) : (ERP_LABEL[erp.system as Erp] ?? erp.system),
  });
  const a = doc.innstillinger.autopay;
  if (a === null) lines.push({ omrade: 'Autopay', innstilling: 'Autopay', verdi: 'Ikke med (økonomi er ikke i bruk)' });
  else {
    lines.push(
      { omrade: 'Autopay', innstilling: 'Har tjenesten Autopay-avtale?', verdi: jaNeiText(a.avtale) },
      { omrade: 'Autopay', innstilling: 'Konto utbetalingene går fra', verdi: a.kontonummer ? formatKontonummer(a.kontonummer) : IKKE_AVKLART },
      { omrade: 'Autopay', innstilling: 'Godkjenner økonomi i Autopay?', verdi: jaNeiText(a.godkjenning_i_autopay) },
      { omrade: 'Autopay', innstilling: 'Antall godkjennere', verdi: a.antall_godkjennere === null ? (a.godkjenning_i_autopay === 'ja' ? IKKE_AVKLART : '–') : String(a.antall_godkjennere) },
      { omrade: 'Autopay', innstilling: 'Avtalereferanse', verdi: a.avtalereferanse ?? '–' },
    );
  }
  return lines;
}

/** Selskap, motkonto and bilagsserie in force per module and kommune; «egne verdier» names what the kommune overrides. */
export function postingRows(doc: KodeverkDocument): PostingRow[] {
  const rows: PostingRow[] = [];
  for (const m of MODULER) {
    const p = doc.innstillinger.postering[m];
    if (p === null) continue;
    for (const k of doc.kommuner) {
      const e = p.effektiv[k.kommunenummer] ?? p.standard;
      const own = p.kommuner[k.kommunenummer];
      const overridden = own ? POSTING_FIELDS.filter((f) => own[f] !== null).map((f) => POSTING_FIELD_LABEL[f].toLowerCase()) : [];
      rows.push({
        modul: MODUL_LABEL[m],
        kommunenummer: k.kommunenummer,
        kommune: k.navn,
        selskap: orIkkeAvklart(e.selskap),
        motkonto: orIkkeAvklart(e.motkonto),
        bilagsserie: orIkkeAvklart(e.bilagsserie),
        egne: overridden.length === 0 ? 'Nei (standard)' : `Ja: ${overridden.join(', ')}`,
      });
    }
  }
  return rows;
}

/** Every setting as «Område · Innstilling» = value, for comparing two exports. */
export function comparableSettings(doc: KodeverkDocument): { k: string; v: string }[] {
  const out = settingLines(doc).map((l) => ({ k: `${l.omrade} · ${l.innstilling}`, v: l.verdi }));
  for (const r of postingRows(doc)) for (const f of POSTING_FIELDS) out.push({ k: `Postering ${r.modul.toLowerCase()} · ${r.kommunenummer} ${r.kommune} · ${POSTING_FIELD_LABEL[f]}`, v: r[f] });
  for (const mva of doc.innstillinger.mva_koder ?? []) out.push({ k: `Mva-kode · ${mva.kode ?? ''} ${mva.navn}`.replace('  ', ' '), v: mva.mva_kode });
  return out;
}
