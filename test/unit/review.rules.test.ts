import { describe, expect, it } from 'vitest';
import { approvalContent, approvalHash, diffApproval } from '../../server/kodeverk/approval.rules.ts';
import { otherFieldChanges, settingsChanges } from '../../server/review/review.describe.ts';
import type { MatrixLine } from '../../server/kodeverk/matrix.rules.ts';

const line = (extra: Record<string, unknown> = {}): MatrixLine =>
  ({
    itemType: 'lonnsart',
    itemKode: '2010',
    itemNavn: 'Fosterhjem arbeidsgodtgjørelse',
    kommunenummer: '1859',
    kommuneNavn: 'Flakstad',
    tiltakstype: 'i_hjemmet',
    art: '10510',
    ansvar: '7110',
    funksjon: '251',
    kontostreng: '10510.7110.251',
    problems: [],
    warnings: [],
    notes: [],
    ...extra,
  }) as unknown as MatrixLine;
const mapping = { ansvar: '7110', funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: null };
const names = { ansvar: 'Barnevern Flakstad', funksjoner: {} };
const content = (l: MatrixLine, settings: unknown = null, m: Record<string, unknown> = mapping) => approvalContent('1859', m as never, names, [l], settings);

describe('what an approval covers', () => {
  it('when a matrix line gains a field the approval code does not know (an AGA line, say), then the hash covers it and the diff names it', () => {
    const before = content(line());
    const after = content(line({ agaArt: '10990' }));
    expect(approvalHash(before)).not.toBe(approvalHash(after));
    const diff = diffApproval(before, after);
    expect(diff.changed).toHaveLength(1);
    expect(otherFieldChanges(diff.changed[0]!.before, diff.changed[0]!.after)).toEqual(['agaArt: ikke satt → 10990']);
  });

  it('when a line gains a kind of finding besides problems and warnings, then its codes are covered, not its wording', () => {
    const note = (message: string) => line({ notes: [{ code: 'ssb_030', message, fixHref: '/x' }] });
    expect(approvalHash(content(note('Ulogisk i drift')))).toBe(approvalHash(content(note('Ulogisk i driftsregnskapet'))));
    expect(approvalHash(content(note('x')))).not.toBe(approvalHash(content(line())));
  });

  it('when only a warning appears on a line, then the approval differs and says «advarsler»', () => {
    const diff = diffApproval(content(line()), content(line({ warnings: [{ code: 'skattepliktig_utenfor_0', message: 'm', fixHref: '' }] })));
    expect(otherFieldChanges(diff.changed[0]!.before, diff.changed[0]!.after)).toEqual(['advarsler: ikke satt → skattepliktig_utenfor_0']);
  });

  it('when a mapping gains a field or only its bookkeeping changes, then the first changes the hash and the second does not', () => {
    const base = approvalHash(content(line()));
    expect(approvalHash(content(line(), null, { ...mapping, version: 7, updatedAt: new Date(), updatedBy: 3, updatedByLabel: 'x' }))).toBe(base);
    expect(approvalHash(content(line(), null, { ...mapping, funksjonPerKategori: { BHG: '2521' } }))).not.toBe(base);
  });

  it('when a posting setting changes, then it is said per module in words', () => {
    const s = (motkonto: string | null) => ({
      okonomi: { status: 'i_drift', selskap: '1', motkonto: null, bilagsserie: null },
      lonn: { status: 'ikke_avklart', selskap: null, motkonto, bilagsserie: null },
    });
    expect(settingsChanges(s(null), s('13500'))).toEqual(['Lønn: motkonto ikke satt → 13500']);
  });
});
