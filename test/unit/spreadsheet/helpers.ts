import { parseRegisterFile } from '../../../server/spreadsheet/index.ts';
import type { Issue, ParseOptions, ParseResult, RegisterName } from '../../../server/spreadsheet/types.ts';
import { definitionFor, otherDefinitions, type RegisterRecord } from '../../../server/registers/registry.ts';

export function parse(bytes: Buffer, fileName: string, register: RegisterName, options: Partial<ParseOptions> = {}): Promise<ParseResult<RegisterRecord>> {
  return parseRegisterFile(bytes, fileName, definitionFor(register), { regnskapsar: 2026, ...options }, otherDefinitions(register));
}

/** code@sheet!cell, compact for assertions */
export function at(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.code}@${i.sheet ?? '-'}!${i.cell ?? '-'}`);
}

/** A lønnsart file without a tiltakstype column gets one file-level warning about it (samples.test checks it); tests about other things leave it out. */
export function withoutTiltakstypeNote(result: ParseResult<RegisterRecord>): ParseResult<RegisterRecord> {
  return { ...result, warnings: result.warnings.filter((w) => w.code !== 'lonnsart_tiltakstype_mangler') };
}
