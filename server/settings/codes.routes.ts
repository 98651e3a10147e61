import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { paramOr404 } from '../platform/http/forms.ts';
import { loadCurrentRegisters } from '../registers/current.ts';
import { artLookupOf } from './settings.service.ts';
import { CODE_DIMENSIONS, kontoLabel, searchCodes } from '../registers/code-chooser.ts';

const params = z.object({ dimensjon: z.enum(CODE_DIMENSIONS) });
// motkonto=1: the arts a motkonto may be — the balance accounts when the plan has them, else every active art (as the
// Postering page's list, settings.service.ts artLookupOf)
const query = z.object({ q: z.string().max(100).optional().default(''), motkonto: z.literal('1').optional() });

/**
 * The kontoplan's codes matching what was typed, for the searchable choosers (registers/code-chooser.ts) of every page.
 * Here, not in registers/, because motkonto=1 is a settings rule (artLookupOf). Mounted under /t/:slug.
 */
export function codeRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/koder/:dimensjon', async (req, res) => {
    const p = paramOr404(params, req.params);
    const q = paramOr404(query, req.query);
    const { kontoplan } = await loadCurrentRegisters(db, tenantOf(req).id);
    let list = kontoplan ? kontoplan[p.dimensjon] : [];
    if (kontoplan && p.dimensjon === 'art' && q.motkonto) {
      const lookup = artLookupOf(kontoplan);
      list = list.filter((a) => a.aktiv && (!lookup?.hasBalanse || lookup.arts.get(a.kode)?.balanse));
    }
    const found = searchCodes(list, q.q);
    res.set('Cache-Control', 'private, no-store');
    res.json({ koder: found.map((k) => ({ kode: k.kode, navn: k.navn, aktiv: k.aktiv, label: kontoLabel(k) })) });
  });
  return r;
}
