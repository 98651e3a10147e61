import { Router, type Response } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404 } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { canEditRegisters } from '../auth/permissions.ts';
import { compareQuery, exportNoParam } from './export.schemas.ts';
import * as service from './export.service.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import { membersWho } from '../tenancy/tenancy.service.ts';

function sendZip(res: Response, fileName: string, zip: Buffer) {
  res.set('Content-Type', 'application/zip');
  res.set('Content-Disposition', `attachment; filename="${fileName}"`);
  res.set('Cache-Control', 'no-store');
  res.send(zip);
}

export function exportRoutes({ db }: AppDeps): Router {
  const r = Router();
  const exporter = (req: Express.Request) => {
    const a = actorOf(req);
    return { userId: a.userId, label: a.label, roles: a.roles, tjenesteId: a.tjenesteId };
  };

  r.get('/eksport', async (req, res) => {
    const t = tenantOf(req);
    const [state, exports] = await Promise.all([kodeverkStateOf(db, t), service.listExports(db, t.id)]);
    const blockers = service.exportBlockersOf(state);
    const canExport = canEditRegisters({ userId: req.user!.id, roles: t.roles });
    res.render('export/index', {
      // who to ask, for a member who cannot make the package
      exporters: canExport ? null : (await membersWho(db, t.id, canEditRegisters)).join(', '),
      title: 'Eksport',
      blockers,
      ready: blockers.length === 0,
      exports,
      canExport,
      canCompare: exports.length >= 2,
      compareA: exports[1]?.export_no,
      compareB: exports[0]?.export_no,
    });
  });

  r.post('/eksport/utkast', async (req, res) => {
    const pkg = await service.draftPackage(await kodeverkStateOf(db, tenantOf(req)), exporter(req));
    sendZip(res, pkg.fileName, pkg.zip);
  });

  r.post('/eksport/endelig', async (req, res) => {
    const result = await service.finalExport(db, exporter(req));
    flash(
      req,
      result.created ? 'ok' : 'info',
      result.created ? `Eksport nr. ${result.exportNo} er laget og lagret.` : `Kodeverket er uendret siden eksport nr. ${result.exportNo}; ingen ny eksport ble laget.`,
    );
    res.redirect(303, urls.exports(tenantOf(req).slug));
  });

  r.get('/eksport/:no.zip', async (req, res) => {
    const p = paramOr404(exportNoParam, req.params);
    const { fileName, zip } = await service.downloadExport(db, tenantOf(req).id, p.no);
    sendZip(res, fileName, zip);
  });

  r.get('/eksport/sammenlign', async (req, res) => {
    const q = paramOr404(compareQuery, req.query);
    const result = await service.compareExports(db, tenantOf(req).id, q.a, q.b);
    res.render('export/compare', { title: `Eksport ${result.older} mot ${result.newer}`, ...result, total: result.sections.reduce((n, s) => n + s.changes.length, 0) });
  });

  return r;
}
