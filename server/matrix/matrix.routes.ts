import { Router } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { tenantOf } from '../platform/http/context.ts';
import { queryOr } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { renderKodeverkPage } from '../platform/http/page-cache.ts';
import { matrixFilterSchema } from './matrix.schemas.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import * as service from './matrix.service.ts';

/** The konteringsmatrise («Kontering»), filterable by query string, and its .xlsx download. Mounted under /t/:slug. */
export function matrixRoutes({ db }: AppDeps): Router {
  const r = Router();
  const filterOf = (req: Express.Request & { query: unknown }) => queryOr(matrixFilterSchema, req.query, {});

  r.get('/kontering', async (req, res) => {
    const t = tenantOf(req);
    // the filter is read only when the page is rendered: a kept page is found by its URL
    await renderKodeverkPage(req, res, 'matrix/index', async () => {
      const filter = filterOf(req);
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
      return {
        title: 'Kontering',
        ...service.matrixPageOf((await kodeverkStateOf(db, t)).matrix, filter),
        xlsxHref: urls.matrixXlsx(t.slug, { query }),
      };
    });
  });

  r.get('/kontering/matrise.xlsx', async (req, res) => {
    const t = tenantOf(req);
    const buf = await service.matrixXlsxOf((await kodeverkStateOf(db, t)).matrix, filterOf(req));
    res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.set('Content-Disposition', `attachment; filename="konteringsmatrise-${t.slug}.xlsx"`);
    res.send(buf);
  });

  return r;
}
