import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { verifyCsrfField } from '../platform/http/csrf.ts';
import { AppError, BadRequestError, PayloadTooLargeError } from '../platform/http/errors.ts';
import { flash } from '../platform/http/flash.ts';
import { hasControlCharacter } from '../platform/http/input-guard.ts';
import { paramOr404, parseForm, queryOr } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { artSchemeSchema, commitSchema, correctionsSchema, mappingSchema, pageQuery, pendingParam, registerParam, versionParam } from './import.schemas.ts';
import * as service from './import.service.ts';
import * as repo from './import.repository.ts';
import { VersionMovedError } from '../registers/registers.writer.ts';
import * as views from './import.views.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Import of the three registers: overview, upload → preview → commit/cancel, versions, templates. Mounted under /t/:slug. */
export function importRoutes({ db, config, clock }: AppDeps): Router {
  const r = Router();
  const limitMb = Math.round((config.uploadLimitBytes / (1024 * 1024)) * 10) / 10;
  // memoryStorage: the bytes live only for this request, then in pending_import.
  // The form sends `_csrf` before the file, so fileFilter sees it and a forged upload is refused before it is buffered.
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 5 },
    defParamCharset: 'utf8',
    fileFilter: (req, _file, cb) => {
      try {
        verifyCsrfField(req);
        cb(null, true);
      } catch (e) {
        cb(e as Error);
      }
    },
  }).single('fil');
  const receiveFile: RequestHandler = (req, res, next) => {
    requirePermission(actorOf(req), 'importRegisters'); // before the body is read: a refused user's file is never buffered
    upload(req, res, (err: unknown) => {
      // a form sent without a file never reached fileFilter: its token is checked here
      if (!err && !req.file) {
        try {
          verifyCsrfField(req);
        } catch (e) {
          return next(e);
        }
      }
      if (!err && req.file && hasControlCharacter(req.file.originalname)) {
        return next(new BadRequestError('Filnavnet inneholder et ugyldig tegn (NUL eller et annet kontrolltegn). Gi filen et vanlig navn og last den opp igjen.', 'control_character'));
      }
      if (!err) return next();
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        return next(new PayloadTooLargeError(`Filen er større enn ${limitMb} MB, som er grensen for opplasting. Fjern ark, bilder og rader som ikke trengs (eller lagre som .csv), og prøv igjen.`));
      }
      if (err instanceof multer.MulterError) return next(new BadRequestError('Opplastingen kunne ikke leses. Velg én fil i feltet «Fil» og prøv igjen.'));
      // busboy's own refusals (a malformed part header, e.g. a NUL in the file name) are the client's; an abort goes on as is
      if (!(err instanceof AppError) && !req.destroyed && err instanceof Error && /Malformed|Unexpected end of form|Multipart/i.test(err.message)) {
        return next(new BadRequestError('Opplastingen kunne ikke leses. Velg filen på nytt og prøv igjen; har filnavnet uvanlige tegn, gi den et vanlig navn først.'));
      }
      next(err);
    });
  };
  const registerOf = (req: Request): RegisterName => paramOr404(registerParam, req.params).register;
  const pendingIdOf = (req: Request): string => paramOr404(pendingParam, req.params).id;
  const slugOf = (req: Request) => tenantOf(req).slug;

  const overviewPage = (req: Request, uploadErrors?: Partial<Record<RegisterName, string>>) => views.overviewPage(db, actorOf(req), clock(), limitMb, uploadErrors);

  r.get('/import', async (req, res) => {
    res.render('imports/index', await overviewPage(req));
  });

  // «Rett her» links and a reload of a refused upload land on the register's own section of the import page.
  r.get('/import/:register', (req, res) => {
    res.redirect(303, urls.imports(slugOf(req), { anchor: `r-${registerOf(req)}` }));
  });

  r.post('/import/:register', receiveFile, async (req, res) => {
    const register = registerOf(req);
    if (!req.file) return res.status(400).render('imports/index', await overviewPage(req, { [register]: 'Velg en fil (.xlsx eller .csv) før du trykker «Last opp».' }));
    const started = await service.startImport(db, req.log, actorOf(req), tenantOf(req), { register, fileName: req.file.originalname, bytes: req.file.buffer }, clock());
    if (!started.ok) return res.status(400).render('imports/index', await overviewPage(req, { [register]: started.message }));
    res.redirect(303, urls.importPreview(slugOf(req), started.id));
  });

  const previewPage = (req: Request, refused?: { errors?: views.FormErrors; values?: Record<string, unknown> }) => views.previewPage(db, actorOf(req), pendingIdOf(req), clock(), refused);

  r.get('/import/opplasting/:id', async (req, res) => {
    res.render('imports/preview', await previewPage(req));
  });

  r.post('/import/opplasting/:id/lagre', async (req, res) => {
    let outcome: Awaited<ReturnType<typeof service.commitPendingImport>>;
    const form = parseForm(commitSchema, req.body);
    try {
      outcome = await service.commitPendingImport(db, actorOf(req), pendingIdOf(req), clock(), { confirmedRemoval: form.ok && form.data.confirmedRemoval });
    } catch (err) {
      if (err instanceof service.RemovalNotConfirmedError) {
        return res.status(400).render('imports/preview', { ...(await previewPage(req)), removalError: 'Ikke lagret: kryss av for at radene skal fjernes, eller avbryt og last opp riktig fil.' });
      }
      if (!(err instanceof VersionMovedError)) throw err;
      // someone saved another version since this preview was made: nothing is saved, the preview now shows the
      // difference against that version, and a save from there is made from it
      await repo.rebasePendingImport(db, tenantOf(req).id, pendingIdOf(req), err.currentVersionNo);
      flash(
        req,
        'error',
        `Ikke lagret: en annen har lagret versjon ${err.currentVersionNo} etter at denne filen ble lest. Forskjellen under er nå mot den nye versjonen – se over den, og lagre på nytt om filen fortsatt er riktig.`,
      );
      return res.redirect(303, urls.importPreview(slugOf(req), pendingIdOf(req)));
    }
    const label = service.REGISTER_LABEL[outcome.register];
    if (outcome.created) flash(req, 'ok', `${label} er lagret som versjon ${outcome.versionNo}.`);
    else flash(req, 'info', `Innholdet er likt gjeldende versjon (v${outcome.versionNo}) – ingen ny versjon ble laget.`);
    res.redirect(303, urls.imports(slugOf(req)));
  });

  r.post('/import/opplasting/:id/avbryt', async (req, res) => {
    await service.cancelPendingImport(db, actorOf(req), pendingIdOf(req));
    flash(req, 'info', 'Importen er avbrutt. Ingenting ble lagret.');
    res.redirect(303, urls.imports(slugOf(req)));
  });

  r.post('/import/opplasting/:id/kolonner', async (req, res) => {
    const id = pendingIdOf(req);
    requirePermission(actorOf(req), 'importRegisters'); // before the form: a reader gets 403, not the form's messages
    const register = await views.pendingRegister(db, tenantOf(req).id, id);
    const form = parseForm(mappingSchema(register), req.body);
    if (!form.ok) {
      const errors = { ...form.errors, ...(form.formErrors.length ? { kolonner: form.formErrors } : {}) };
      return res.status(400).render('imports/preview', await previewPage(req, { errors, values: form.values }));
    }
    await service.remapPendingImport(db, req.log, actorOf(req), tenantOf(req), id, form.data);
    flash(req, 'info', 'Kolonnevalget er lagret og brukes neste gang du laster opp dette registeret. Filen leses på nytt.');
    res.redirect(303, urls.importPreview(slugOf(req), id));
  });

  // «Rett og les på nytt»: fixes of located errors and value mappings, made in the preview (the file is not changed)
  r.post('/import/opplasting/:id/rett', async (req, res) => {
    const id = pendingIdOf(req);
    requirePermission(actorOf(req), 'importRegisters'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(correctionsSchema, req.body);
    if (!form.ok || (form.data.fixes.length === 0 && form.data.valueMaps.length === 0)) {
      flash(req, 'info', 'Ingenting å rette: skriv en ny verdi, velg «Hopp over raden» eller et verdivalg først.');
      return res.redirect(303, urls.importPreview(slugOf(req), id, { anchor: 'rett-her' }));
    }
    await service.correctPendingImport(db, req.log, actorOf(req), tenantOf(req), id, form.data);
    flash(req, 'info', 'Rettingene er lagret med forhåndsvisningen (filen din er ikke endret). Filen leses på nytt med dem.');
    res.redirect(303, urls.importPreview(slugOf(req), id));
  });

  r.post('/import/opplasting/:id/artsskjema', async (req, res) => {
    const id = pendingIdOf(req);
    requirePermission(actorOf(req), 'importRegisters'); // before the form: a reader gets 403, not the form's messages
    const form = parseForm(artSchemeSchema, req.body);
    if (!form.ok) return res.status(400).render('imports/preview', await previewPage(req, { errors: form.errors, values: form.values }));
    await service.chooseArtScheme(db, req.log, actorOf(req), tenantOf(req), id, form.data);
    flash(req, 'info', 'Artsskjemaet er lagret for tjenesten og brukes neste gang du laster opp en kontoplan. Filen leses på nytt.');
    res.redirect(303, urls.importPreview(slugOf(req), id));
  });

  r.get('/import/opplasting/:id/feilmarkering.xlsx', async (req, res) => {
    const file = await service.markedWorkbook(db, actorOf(req), pendingIdOf(req), clock());
    res.type(XLSX).attachment(file.fileName).send(file.bytes);
  });

  r.get('/import/:register/mal.xlsx', async (req, res) => {
    const register = registerOf(req);
    res
      .type(XLSX)
      .attachment(`mal-${register}.xlsx`)
      .send(await views.blankTemplate(db, tenantOf(req).id, register));
  });

  r.get('/import/:register/versjoner', async (req, res) => {
    res.render('imports/versions', await views.versionsPage(db, actorOf(req), registerOf(req)));
  });

  // before /:no, which would otherwise take «1.xlsx» as the version number
  r.get('/import/:register/versjoner/:no.xlsx', async (req, res) => {
    const p = paramOr404(versionParam, req.params);
    const file = await views.versionWorkbook(db, tenantOf(req).id, p.register, p.no);
    res.type(XLSX).attachment(file.fileName).send(file.bytes);
  });

  r.get('/import/:register/versjoner/:no', async (req, res) => {
    const p = paramOr404(versionParam, req.params);
    const { side, sok } = queryOr(pageQuery, req.query, { side: 1, sok: '' });
    res.render('imports/version', await views.versionPage(db, actorOf(req), p.register, p.no, side, sok || undefined));
  });

  return r;
}
