import { REGISTER_LABEL, TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { dateTime } from '../platform/http/helpers/date-time.ts';

/**
 * The endringslogg as people read it: what kind of thing changed in words, and a before/after table of only the
 * fields that changed (the stored before/after are JSON snapshots: raw JSON meant nothing to a reader).
 */
const ENTITY_LABEL: Readonly<Record<string, string>> = {
  tjeneste: 'Tjenesten',
  kommune: 'Kommuner',
  bruker: 'Brukere og roller',
  invitasjon: 'Invitasjoner',
  tilknytning: 'Brukere og roller',
  godkjenning: 'Godkjenning',
  kontering: 'Kontering',
  delt_ansvar: 'Kontering',
  funksjon_per_kategori: 'Kontering',
  ...REGISTER_LABEL,
  kolonnevalg: 'Import',
  moduler: 'Innstillinger',
  erp: 'Innstillinger',
  posteringsinnstillinger: 'Innstillinger',
  'mva-koder': 'Innstillinger',
  autopay: 'Innstillinger',
  kodeverk: 'Eksport',
  mote: 'Møter',
  sporsmal: 'Åpne spørsmål',
};

const entityLabel = (entity: string): string => ENTITY_LABEL[entity] ?? entity.charAt(0).toUpperCase() + entity.slice(1).replace(/[_-]/g, ' ');

/** The types a filter offers: each label once, with the stored entities it stands for. */
export function entityTypes(entities: readonly string[]): { label: string; entities: string[] }[] {
  const byLabel = new Map<string, string[]>();
  for (const e of entities) byLabel.set(entityLabel(e), [...(byLabel.get(entityLabel(e)) ?? []), e]);
  return [...byLabel].map(([label, es]) => ({ label, entities: es })).sort((a, b) => a.label.localeCompare(b.label, 'nb'));
}

const FIELD_LABEL: Readonly<Record<string, string>> = {
  ansvar: 'Ansvar',
  funksjon_i_hjemmet: 'Funksjon i hjemmet',
  funksjon_utenfor_hjemmet: 'Funksjon utenfor hjemmet',
  funksjon_administrasjon: 'Funksjon administrasjon',
  roles: 'Roller',
  roller: 'Roller',
  navn: 'Navn',
  organisasjonsnummer: 'Organisasjonsnummer',
  regnskapsar: 'Regnskapsår',
  selskap: 'Selskap',
  motkonto: 'Motkonto',
  bilagsserie: 'Bilagsserie',
  avtale: 'Autopay-avtale',
  kontonummer: 'Kontonummer',
  godkjenning: 'Godkjenning i Autopay',
  antallGodkjennere: 'Antall godkjennere',
  avtalereferanse: 'Avtalereferanse',
  okonomi: 'Økonomi',
  lonn: 'Lønn',
  standard: 'Standard',
  versionNo: 'Versjon',
  contentHash: 'Innholdshash',
  fileName: 'Fil',
  version: 'Versjon',
  tiltakstype: 'Tiltakstype',
};
const VALUE_LABEL: Readonly<Record<string, string>> = {
  ...TILTAKSTYPE_TEXT,
  ja: 'Ja',
  nei: 'Nei',
  ikke_avklart: 'Ikke avklart',
  ikke_i_bruk: 'Ikke i bruk',
  under_oppbygging: 'Under oppbygging',
  i_drift: 'I drift',
  til_godkjenning: 'Til godkjenning',
  godkjent: 'Godkjent',
  avvist: 'Avvist',
  utkast: 'Utkast',
  admin: 'Administrator',
  regnskap: 'Lønn og regnskap',
  godkjenner: 'Godkjenner',
  lesetilgang: 'Lesetilgang',
};

const fieldLabel = (path: string) =>
  path
    .split('.')
    .map((p) => (/^k?\d{4}$/.test(p) ? `kommune ${p.replace(/^k/, '')}` : (FIELD_LABEL[p] ?? p.replace(/_/g, ' '))))
    .join(' · ');

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nei';
  if (Array.isArray(v)) return v.length === 0 ? '–' : v.map(valueText).join(', ');
  if (typeof v === 'string') return VALUE_LABEL[v] ?? v;
  return String(v);
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix !== '') out.set(prefix, v);
  else out.set('verdi', v);
  return out;
}

const parse = (v: unknown): unknown =>
  typeof v === 'string'
    ? (() => {
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      })()
    : v;

/** Only what differs between before and after, each field in words; a value only on one side shows «–» on the other. */
function detailRows(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const b = before == null ? new Map<string, unknown>() : flatten(parse(before), '', new Map());
  const a = after == null ? new Map<string, unknown>() : flatten(parse(after), '', new Map());
  const rows: { field: string; before: string; after: string }[] = [];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const x = valueText(b.get(key));
    const y = valueText(a.get(key));
    if (x !== y) rows.push({ field: fieldLabel(key), before: before == null ? '' : x, after: after == null ? '' : y });
  }
  return rows;
}

export interface AuditRow {
  id: string | number;
  at: Date | string;
  user_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export function logEntry(e: AuditRow) {
  return {
    id: e.id,
    at: e.at,
    when: dateTime(e.at),
    who: e.user_label,
    what: e.summary,
    type: entityLabel(e.entity),
    details: detailRows(e.before, e.after),
    hasBefore: e.before != null,
    hasAfter: e.after != null,
  };
}
