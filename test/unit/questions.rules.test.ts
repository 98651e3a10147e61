import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../server/checklist/checklist.rules.ts';
import { deriveQuestions, effectiveStatus, isOverdue, osloDate, settingDecision, type QuestionSettings } from '../../server/meeting/questions.rules.ts';

const undecided: QuestionSettings = {
  moduler: { okonomi: 'ikke_avklart', lonn: 'ikke_avklart' },
  erp: null,
  erpAnnet: null,
  autopay: { avtale: 'ikke_avklart', kontonummer: null, godkjenning: 'ikke_avklart', antallGodkjennere: null, avtalereferanse: null },
};
const item = (key: string, status: ChecklistItem['status'], detail = 'Mangler.'): ChecklistItem => ({ key, label: key, status, detail, href: `/t/x/${key}` });

describe('open questions derived from the state', () => {
  it('when modules, Autopay and ERP are undecided, then each is one question a setting holds, and done items raise none', () => {
    const qs = deriveQuestions(
      [
        item('moduler', 'mangler'),
        item('kontoplan', 'ok'),
        item('autopay', 'ikke_startet', 'Det er ikke avklart om kommunen har Autopay-avtale.'),
        item('postering_okonomi', 'ikke_startet', 'Velg økonomisystemet som tar imot posteringene. Mangler motkonto for alle kommuner.'),
        item('postering_lonn', 'ikke_relevant'),
      ],
      undecided,
      'x',
    );
    expect(qs.map((q) => [q.key, q.area, q.setting])).toEqual([
      ['modul_okonomi', 'okonomi', 'modul_okonomi'],
      ['modul_lonn', 'lonn', 'modul_lonn'],
      ['autopay', 'autopay', 'autopay'],
      ['erp', 'kontering', 'erp'],
      ['postering_okonomi', 'okonomi', null],
    ]);
    expect(qs.find((q) => q.key === 'autopay')!.title).toBe('Avklar Autopay');
    // the ERP sentence is asked once, in its own question
    expect(qs.find((q) => q.key === 'postering_okonomi')!.detail).toBe('Mangler motkonto for alle kommuner.');
  });

  it('when a setting is decided, then its decision is read from it in words', () => {
    expect(settingDecision('autopay', undecided)).toBeNull();
    expect(settingDecision('autopay', { ...undecided, autopay: { ...undecided.autopay, avtale: 'ja', kontonummer: '45301234566', godkjenning: 'ja', antallGodkjennere: 2 } })).toBe(
      'Autopay-avtale: ja, fra konto 4530.12.34566. Godkjenning i Autopay: ja, 2 godkjennere',
    );
    expect(settingDecision('autopay', { ...undecided, autopay: { ...undecided.autopay, avtale: 'nei' } })).toBe('Autopay-avtale: nei');
    expect(settingDecision('modul_lonn', { ...undecided, moduler: { okonomi: 'ikke_avklart', lonn: 'ikke_i_bruk' } })).toBe('Lønn: ikke i bruk');
    expect(settingDecision('erp', { ...undecided, erp: 'annet', erpAnnet: 'Agresso' })).toBe('Økonomisystem: Agresso');
  });

  it('when the state no longer raises a derived question, then it is avklart whatever was stored; ikke aktuelt is kept', () => {
    expect(effectiveStatus({ derived: true, stillRaised: true, stored: 'apen' })).toBe('apen');
    expect(effectiveStatus({ derived: true, stillRaised: false, stored: 'apen' })).toBe('avklart');
    expect(effectiveStatus({ derived: true, stillRaised: true, stored: 'ikke_aktuelt' })).toBe('ikke_aktuelt');
    expect(effectiveStatus({ derived: false, stillRaised: false, stored: 'avklart' })).toBe('avklart');
  });

  it('when the deadline has passed in Oslo, then an open question is overdue; a closed one never', () => {
    expect(osloDate(new Date('2026-12-04T23:30:00Z'))).toBe('2026-12-05'); // already the 5th in Oslo
    expect(isOverdue('apen', '2026-12-04', '2026-12-05')).toBe(true);
    expect(isOverdue('apen', '2026-12-05', '2026-12-05')).toBe(false);
    expect(isOverdue('avklart', '2026-12-01', '2026-12-05')).toBe(false);
    expect(isOverdue('apen', null, '2026-12-05')).toBe(false);
  });
});
