import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { queryOr } from '../platform/http/forms.ts';
import { renderKodeverkPage } from '../platform/http/page-cache.ts';
import { matrixFilterSchema } from './matrix.schemas.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import * as views from './matrix.views.ts';
import { matrixXlsxOf } from './matrix.xlsx.ts';

/** The konteringsmatrise («Kontering»), filterable by query string, and its .xlsx download. Mounted under /t/:slug. */
export function matrixRoutes({ db }: AppDeps): Router {
  const r = Router();
  const filterOf = (req: Express.Request & { query: unknown }) => queryOr(matrixFilterSchema, req.query, {});

  r.get('/kontering', async (req, res) => {
    const t = tenantOf(req);
    // the filter is read only when the page is rendered: a kept page is found by its URL
    await renderKodeverkPage(req, res, 'matrix/index', async () => {
      return views.matrixPage((await kodeverkStateOf(db, t)).matrix, t.slug, filterOf(req));
    });
  });

  r.get('/kontering/matrise.xlsx', async (req, res) => {
    const t = tenantOf(req);
    const buf = await matrixXlsxOf((await kodeverkStateOf(db, t)).matrix, filterOf(req));
    res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.set('Content-Disposition', `attachment; filename="konteringsmatrise-${t.slug}.xlsx"`);
    res.send(buf);
  });

  return r;
}
