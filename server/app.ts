import path from 'node:path';
import { projectRoot } from './platform/paths.ts';
import express, { Router, type Express } from 'express';
import { engine } from 'express-handlebars';
import type { AppDeps } from './platform/deps.ts';
import { privatePages, securityHeaders } from './platform/http/security.ts';
import { DbSessionStore, saveSessionBeforeRedirect, sessionMiddleware } from './platform/http/session.ts';
import { csrfProtection } from './platform/http/csrf.ts';
import { formAddressRoutes } from './platform/http/form-addresses.ts';
import { flashLocals } from './platform/http/flash.ts';
import { requestLogger, routeMount } from './platform/http/request-log.ts';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.ts';
import { rejectControlCharacters } from './platform/http/input-guard.ts';
import { helpers } from './platform/http/helpers/index.ts';
import { loadUser, requireLogin, requireOwnPassword } from './auth/auth.middleware.ts';
import { readSessionWithPrincipal } from './auth/principal.repository.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { setupRoutes } from './tenancy/setup.routes.ts';
import { regnskapsarRoutes } from './regnskapsar/regnskapsar.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { tenantScope } from './tenancy/tenant-scope.ts';
import { markSection } from './tenancy/section.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { importRoutes } from './imports/import.routes.ts';
import { editRoutes } from './imports/edit.routes.ts';
import { settingsRoutes } from './settings/settings.routes.ts';
import { postingRoutes } from './posting/posting.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { mappingRoutes } from './mapping/mapping.routes.ts';
import { funksjonPerKategoriRoutes } from './mapping/funksjon-per-kategori.routes.ts';
import { codeRoutes } from './settings/codes.routes.ts';
import { matrixRoutes } from './matrix/matrix.routes.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { meetingRoutes } from './meeting/meeting.routes.ts';
import { notificationRoutes } from './notifications/notifications.routes.ts';

const root = projectRoot;

/** The one composition root: security, session, CSRF, tenant scope, routers, 404, error handler — in that order. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.engine('hbs', engine({ extname: '.hbs', defaultLayout: 'main', layoutsDir: path.join(root, 'views/layouts'), partialsDir: path.join(root, 'views/partials'), helpers }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(root, 'views'));
  if (deps.config.env === 'production') app.enable('view cache');
  // rendered kodeverk pages are kept per revision (page-cache.ts); in development a template edit must show at once
  app.set('page cache', deps.config.env !== 'development');

  app.use(requestLogger(deps.log));
  app.use(securityHeaders());
  app.use('/static', express.static(path.join(root, 'views/static'), { maxAge: '1h', index: false }));
  app.use(privatePages);
  app.use(healthRoutes(deps));
  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000 }));
  app.use(rejectControlCharacters);
  const sessions = new DbSessionStore(deps.db, readSessionWithPrincipal);
  app.use(sessionMiddleware(sessions, deps.sessionSecret, deps.config));
  app.use(saveSessionBeforeRedirect);
  // the register upload (server/imports/import.routes.ts) checks its multipart form's token itself
  app.use(csrfProtection({ multipartPaths: /^\/t\/[^/]+\/import\/[a-z]+$/ }));
  app.use(flashLocals);
  app.use(loadUser(deps.db, sessions));
  app.use(requireOwnPassword);
  app.use((req, res, next) => {
    res.locals.currentUser = req.user;
    next();
  });

  const tenant = Router({ mergeParams: true });
  tenant.use(dashboardRoutes(deps));
  tenant.use(adminRoutes(deps));
  tenant.use(regnskapsarRoutes(deps));
  tenant.use(auditRoutes(deps));
  tenant.use(mappingRoutes(deps), funksjonPerKategoriRoutes(deps), matrixRoutes(deps), reviewRoutes(deps));
  tenant.use(codeRoutes(deps));
  tenant.use(settingsRoutes(deps));
  tenant.use(postingRoutes(deps));
  tenant.use(importRoutes(deps));
  tenant.use(editRoutes(deps));
  tenant.use(exportRoutes(deps));
  tenant.use(meetingRoutes(deps));
  tenant.use(notificationRoutes(deps));
  tenant.use(formAddressRoutes());
  // first: almost every request is a tjeneste's page, and the routes below have none under /t/
  app.use('/t/:slug', routeMount('/t/:slug'), requireLogin, tenantScope(), markSection, tenant);
  app.use(setupRoutes(deps));
  app.use(authRoutes(deps));

  app.use(notFoundHandler);
  app.use(errorHandler());
  return app;
}
