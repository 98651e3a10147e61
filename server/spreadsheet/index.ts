export type * from './types.ts';
export { parseRegisterFile } from './parse.ts';
export { markErrors } from './mark-errors.ts';
export { buildTemplate } from './template.ts';
export { sniffFile, guardZip, type SniffResult, type ZipLimits } from './sniff.ts';
export { neutralizeFormula, unneutralizeFormula } from './formula.ts';
