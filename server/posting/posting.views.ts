import type { FieldErrors } from '../platform/http/forms.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import type { PreviewInput } from './posting.schemas.ts';
import { previewChoices, previewPosting } from './posting.service.ts';

/**
 * «Forhåndsvis postering» from the state alone: the form with `values` chosen, and either a refused form's messages
 * (`errors`) or the voucher lines for a valid one (`input`).
 */
export function previewPage(state: KodeverkState, values: Record<string, unknown>, outcome: { errors?: FieldErrors; input?: PreviewInput } = {}) {
  const c = previewChoices(state);
  const sel = (v: string) => String(values.item ?? '') === v;
  return {
    title: 'Forhåndsvis postering',
    values,
    lonnsarter: c.lonnsarter.map((o) => ({ ...o, selected: sel(o.code) })),
    kategorier: c.kategorier.map((o) => ({ ...o, selected: sel(o.code) })),
    kommuner: c.kommuner.map((k) => ({ ...k, selected: String(values.kommune ?? '') === k.kommunenummer })),
    noItems: c.lonnsarter.length + c.kategorier.length === 0 && c.notInUse.length < 2,
    notInUse: c.notInUse,
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(outcome.input ? { result: previewPosting(state, outcome.input) } : {}),
  };
}
