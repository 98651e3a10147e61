import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { parseParams } from '../platform/http/forms.ts';
import { loadCurrentRegisters } from './current.ts';
import { CODE_DIMENSIONS, kontoLabel, searchCodes } from './code-chooser.ts';

const params = z.object({ dimensjon: z.enum(CODE_DIMENSIONS) });
const query = z.object({ q: z.string().max(100).optional().default('') });

/** The kontoplan's codes matching what was typed, for the searchable choosers (code-chooser.ts). Mounted under /t/:slug. */
export function codeRoutes({ db }: AppDeps): Router {
  const r = Router();
  r.get('/koder/:dimensjon', async (req, res) => {
    const p = parseParams(params, req.params);
    const q = parseParams(query, req.query);
    if (!p || !q) throw new NotFoundError();
    const { kontoplan } = await loadCurrentRegisters(db, tenantOf(req).id);
    const found = kontoplan ? searchCodes(kontoplan[p.dimensjon], q.q) : [];
    res.set('Cache-Control', 'private, no-store');
    res.json({ koder: found.map((k) => ({ kode: k.kode, navn: k.navn, aktiv: k.aktiv, label: kontoLabel(k) })) });
  });
  return r;
}
