// Pure rules of the open questions: which the kodeverk's state raises, their status, the decision in words, overdue.
import type { ChecklistItem } from '../checklist/checklist.rules.ts';
import { urls } from '../platform/http/urls.ts';
import type { QuestionStatus } from './meeting.tables.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import { ERP_LABEL, JA_NEI_LABEL, MODULE_STATUS_LABEL, type AutopaySettings, type Erp, type ModuleStatus } from '../settings/settings.rules.ts';

/** The areas of the meetings' own follow-up lists («Oppfølging»), in their order. */
export const AREAS = ['okonomi', 'lonn', 'autopay', 'kontering', 'godkjenning'] as const;
export type Area = (typeof AREAS)[number];
export const AREA_LABEL: Record<Area, string> = { okonomi: 'Økonomi', lonn: 'Lønn', autopay: 'Autopay', kontering: 'Kontering', godkjenning: 'Godkjenning' };

export const QUESTION_STATUSES = ['apen', 'avklart', 'ikke_aktuelt'] as const satisfies readonly QuestionStatus[];
export const QUESTION_STATUS_LABEL: Record<QuestionStatus, string> = { apen: 'Åpen', avklart: 'Avklart', ikke_aktuelt: 'Ikke aktuelt' };

/** Parties that often own a question but have no account in the app (issue 18). */
export const NAMED_PARTIES = ['lønn', 'regnskap', 'økonomi', 'IKT', 'Visma-konsulent'] as const;

/** A question a setting holds: answering it sets the setting, and its decision is read from the setting. */
export type SettingKind = 'modul_okonomi' | 'modul_lonn' | 'autopay' | 'erp';

export interface DerivedQuestion {
  key: string;
  area: Area;
  title: string;
  /** what is still missing, from the checklist or the setting */
  detail: string;
  href: string;
  setting: SettingKind | null;
}

/** The settings a question may hold, as read. */
export interface QuestionSettings {
  moduler: { okonomi: ModuleStatus; lonn: ModuleStatus };
  erp: Erp | null;
  erpAnnet: string | null;
  autopay: AutopaySettings;
}

// Checklist items that become a question as they are; «moduler» and «autopay» become setting questions instead.
const FROM_CHECKLIST: Record<string, { area: Area; title: string }> = {
  kontoplan: { area: 'okonomi', title: 'Ha oversikt over kontoplanen (art, ansvar og funksjon) og importer den' },
  funksjoner: { area: 'kontering', title: 'Legg funksjon 251 og 252 inn i kontoplanen' },
  mapping: { area: 'kontering', title: 'Knytt hver kommune til ansvar og funksjoner' },
  lonnsarter: { area: 'lonn', title: 'Ha oversikt over lønnsartene med kode og konto, og importer dem' },
  utbetalingskategorier: { area: 'okonomi', title: 'Ha oversikt over utbetalingskategoriene med konto, og importer dem' },
  matrise: { area: 'kontering', title: 'Rett feilene i konteringsmatrisen' },
  postering_okonomi: { area: 'okonomi', title: 'Avklar selskap, motkonto og bilagsserie for utbetalinger' },
  postering_lonn: { area: 'lonn', title: 'Avklar selskap, motkonto og bilagsserie for lønn' },
  godkjenning: { area: 'godkjenning', title: 'Få alle kommuner godkjent' },
  moduler: { area: 'okonomi', title: 'Velg minst én modul (økonomi eller lønn)' },
};
const ERP_SENTENCE = 'Velg økonomisystemet som tar imot posteringene.';

const isDone = (i: ChecklistItem) => i.status === 'ok' || i.status === 'ikke_relevant';

/**
 * Every question the kodeverk's state raises: each checklist item that is not done and each setting left «ikke
 * avklart». Pure; the keys are stable, so a stored owner, deadline or decision finds its question again.
 */
export function deriveQuestions(items: readonly ChecklistItem[], s: QuestionSettings, slug: string): DerivedQuestion[] {
  const out: DerivedQuestion[] = [];
  const seen = new Set<string>();
  const push = (q: DerivedQuestion) => {
    if (!seen.has(q.key)) out.push(q);
    seen.add(q.key);
  };
  if (s.moduler.okonomi === 'ikke_avklart')
    push({
      key: 'modul_okonomi',
      area: 'okonomi',
      title: 'Avklar med økonomi om dere skal ta i bruk modulen for utbetalinger',
      detail: 'Økonomi (utbetalinger) er ikke avklart.',
      href: urls.modules(slug),
      setting: 'modul_okonomi',
    });
  if (s.moduler.lonn === 'ikke_avklart')
    push({
      key: 'modul_lonn',
      area: 'lonn',
      title: 'Avklar med lønn om dere skal ta i bruk lønnsmodulen',
      detail: 'Lønn er ikke avklart.',
      href: urls.modules(slug),
      setting: 'modul_lonn',
    });
  for (const item of items) {
    if (isDone(item)) continue;
    if (item.key === 'moduler' && (s.moduler.okonomi === 'ikke_avklart' || s.moduler.lonn === 'ikke_avklart')) continue;
    if (item.key === 'autopay') {
      push({ key: 'autopay', area: 'autopay', title: 'Avklar Autopay', detail: item.detail, href: item.href, setting: 'autopay' });
      continue;
    }
    if (item.key.startsWith('postering_') && !s.erp)
      push({
        key: 'erp',
        area: 'kontering',
        title: 'Avklar hvilket økonomisystem som tar imot posteringene',
        detail: 'Økonomisystemet er ikke valgt.',
        href: urls.posting(slug),
        setting: 'erp',
      });
    const def = FROM_CHECKLIST[item.key];
    if (!def) continue;
    const detail = item.key.startsWith('postering_') ? item.detail.replace(ERP_SENTENCE, '').trim() : item.detail;
    if (item.key.startsWith('postering_') && detail === '') continue; // only the ERP was missing: that question is above
    push({ key: item.key, area: def.area, title: def.title, detail, href: item.href, setting: null });
  }
  return out;
}

/** The decision a setting holds, in words («Autopay-avtale: ja, fra konto 4530.12.34566»); null while undecided. */
export function settingDecision(kind: SettingKind, s: QuestionSettings): string | null {
  switch (kind) {
    case 'modul_okonomi':
      return s.moduler.okonomi === 'ikke_avklart' ? null : `Økonomi (utbetalinger): ${MODULE_STATUS_LABEL[s.moduler.okonomi].toLowerCase()}`;
    case 'modul_lonn':
      return s.moduler.lonn === 'ikke_avklart' ? null : `Lønn: ${MODULE_STATUS_LABEL[s.moduler.lonn].toLowerCase()}`;
    case 'erp':
      return s.erp ? `Økonomisystem: ${s.erp === 'annet' ? (s.erpAnnet ?? 'annet') : ERP_LABEL[s.erp]}` : null;
    case 'autopay': {
      const a = s.autopay;
      if (a.avtale === 'ikke_avklart') return null;
      if (a.avtale === 'nei') return 'Autopay-avtale: nei';
      const konto = a.kontonummer ? `, fra konto ${formatKontonummer(a.kontonummer)}` : ', konto ikke avklart';
      const godkjenning = a.godkjenning === 'ja' ? `ja, ${a.antallGodkjennere ?? '?'} godkjenner${a.antallGodkjennere === 2 ? 'e' : ''}` : JA_NEI_LABEL[a.godkjenning].toLowerCase();
      return `Autopay-avtale: ja${konto}. Godkjenning i Autopay: ${godkjenning}`;
    }
  }
}

/** The key a derived question's setting kind has (the same string). */
export const settingKindOf = (key: string | null): SettingKind | null => (key === 'modul_okonomi' || key === 'modul_lonn' || key === 'autopay' || key === 'erp' ? key : null);

/**
 * A question's status. A derived question is avklart exactly when the state no longer raises it (the work is done
 * or the setting decided) — the checklist and the question cannot disagree; a user may set one ikke aktuelt.
 * A user's own question has the status the user gave it.
 */
export function effectiveStatus(q: { derived: boolean; stillRaised: boolean; stored: QuestionStatus | null }): QuestionStatus {
  if (!q.derived) return q.stored ?? 'apen';
  if (q.stored === 'ikke_aktuelt') return 'ikke_aktuelt';
  return q.stillRaised ? 'apen' : 'avklart';
}

/** Overdue: still open and its deadline (a calendar day) has passed. */
export const isOverdue = (status: QuestionStatus, deadline: string | null, today: string) => status === 'apen' && deadline !== null && deadline < today;

const osloDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The calendar day in Oslo as YYYY-MM-DD: deadlines are days where the users are. */
export const osloDate = (d: Date) => osloDay.format(d);

const dayFmt = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** «1. desember 2026» for a YYYY-MM-DD day. */
export const formatDay = (day: string | null) => (day ? dayFmt.format(new Date(`${day}T00:00:00Z`)) : '');
