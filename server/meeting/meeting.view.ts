// Pure view models of the meeting pages: a question's form (owner, deadline, status, decision and the setting's answer).
import type { FieldErrors } from '../platform/http/forms.ts';
import { parseForm } from '../platform/http/forms.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import { ERP_CHOICES, ERP_LABEL, JA_NEI, JA_NEI_LABEL, MODULE_STATUSES, MODULE_STATUS_LABEL } from '../settings/settings.rules.ts';
import { autopayAnswerSchema, erpAnswerSchema, modulAnswerSchema, questionSchema, type QuestionInput } from './meeting.schemas.ts';
import type { Question, SettingAnswer } from './questions.service.ts';
import { AREAS, AREA_LABEL, NAMED_PARTIES, QUESTION_STATUSES, QUESTION_STATUS_LABEL, type QuestionSettings, type SettingKind } from './questions.rules.ts';

export interface FormFailure {
  ref: string;
  errors: FieldErrors;
  values: Record<string, unknown>;
}
export interface Member {
  id: number;
  navn: string;
}

const opts = <T extends string>(values: readonly T[], label: (v: T) => string, selected: unknown) => values.map((v) => ({ value: v, label: label(v), selected: String(selected ?? '') === v }));
const first = (errors: FieldErrors | undefined, name: string) => errors?.[name]?.[0] ?? '';

/** The form of one question; values from a failed submit of the same question win over the stored ones. */
export function questionForm(q: Question, members: readonly Member[], settings: QuestionSettings, action: string, failure: FormFailure | null, canEdit: boolean) {
  const mine = failure?.ref === q.ref ? failure : null;
  const v = (name: string, stored: unknown) => String((mine ? mine.values[name] : stored) ?? '');
  const ownerStored = q.ownerUserId ? `u:${q.ownerUserId}` : q.ownerParty && (NAMED_PARTIES as readonly string[]).includes(q.ownerParty) ? `p:${q.ownerParty}` : '';
  const otherStored = q.ownerParty && !(NAMED_PARTIES as readonly string[]).includes(q.ownerParty) ? q.ownerParty : '';
  const owner = v('ansvarlig', ownerStored);
  // a derived question is avklart only by doing the work (or answering the setting): the choice is not offered
  const statuses = q.derived ? QUESTION_STATUSES.filter((s) => s !== 'avklart' || q.status === 'avklart') : QUESTION_STATUSES;
  const a = settings.autopay;
  const setting = q.setting
    ? {
        kind: q.setting,
        isModul: q.setting === 'modul_okonomi' || q.setting === 'modul_lonn',
        isErp: q.setting === 'erp',
        isAutopay: q.setting === 'autopay',
        modulOptions: opts(MODULE_STATUSES, (s) => MODULE_STATUS_LABEL[s], v('modul_status', q.setting === 'modul_lonn' ? settings.moduler.lonn : settings.moduler.okonomi)),
        erpOptions: opts(ERP_CHOICES, (e) => ERP_LABEL[e], v('erp', settings.erp)),
        erpAnnet: v('erp_annet', settings.erpAnnet),
        avtaleOptions: opts(JA_NEI, (j) => JA_NEI_LABEL[j], v('avtale', a.avtale)),
        kontonummer: v('kontonummer', a.kontonummer ? formatKontonummer(a.kontonummer) : ''),
        godkjenningOptions: opts(JA_NEI, (j) => JA_NEI_LABEL[j], v('godkjenning', a.godkjenning)),
        antallOptions: opts(['1', '2'] as const, (x) => x, v('antall_godkjennere', a.antallGodkjennere ? String(a.antallGodkjennere) : '')),
      }
    : null;
  const errors = mine?.errors;
  return {
    ref: q.ref,
    action,
    canEdit,
    idp: `q-${q.ref}`,
    ownerOptions: [
      { value: '', label: 'Ingen ennå', selected: owner === '' },
      ...members.map((m) => ({ value: `u:${m.id}`, label: m.navn, selected: owner === `u:${m.id}` })),
      ...NAMED_PARTIES.map((p) => ({ value: `p:${p}`, label: `${p} (uten brukerkonto)`, selected: owner === `p:${p}` })),
    ],
    annen: v('ansvarlig_annen', otherStored),
    frist: v('frist', q.deadline),
    statusOptions: opts(statuses, (s) => QUESTION_STATUS_LABEL[s], v('status', q.status)),
    beslutning: v('beslutning', q.note),
    setting,
    hasErrors: !!mine,
    errors: Object.fromEntries(Object.keys(errors ?? {}).map((k) => [k, first(errors, k)])),
    errorList: Object.values(errors ?? {}).flatMap((m) => m ?? []),
  };
}

export const areaOptions = (selected: unknown, withNone: boolean) => [
  ...(withNone ? [{ value: '', label: 'Andre punkter (uten område)', selected: !selected }] : []),
  ...opts(AREAS, (a) => AREA_LABEL[a], selected),
];
export const ownerChoices = (members: readonly Member[]) => [
  { value: '', label: 'Ingen ennå', selected: true },
  ...members.map((m) => ({ value: `u:${m.id}`, label: m.navn, selected: false })),
  ...NAMED_PARTIES.map((p) => ({ value: `p:${p}`, label: `${p} (uten brukerkonto)`, selected: false })),
];

const answerSchema = (kind: SettingKind) => (kind === 'autopay' ? autopayAnswerSchema : kind === 'erp' ? erpAnswerSchema : modulAnswerSchema);

/** A question's form: the common fields and, for a question a setting holds, the answer — every message at once. */
export function parseQuestionForm(
  kind: SettingKind | null,
  body: unknown,
): { ok: true; input: QuestionInput; answer: SettingAnswer | null } | { ok: false; errors: FieldErrors; values: Record<string, unknown> } {
  const common = parseForm(questionSchema, body);
  const answer = kind ? parseForm(answerSchema(kind), body) : null;
  if (!common.ok || (answer && !answer.ok)) {
    const errors = { ...(common.ok ? {} : common.errors), ...(answer && !answer.ok ? answer.errors : {}) };
    return { ok: false, errors, values: common.ok ? (answer && !answer.ok ? answer.values : {}) : common.values };
  }
  return { ok: true, input: common.data, answer: answer?.ok ? ({ kind, ...answer.data } as SettingAnswer) : null };
}
