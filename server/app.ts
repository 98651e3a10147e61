import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express } from 'express';
import { engine } from 'express-handlebars';
import type { Config } from './config.ts';
import type { Db } from './platform/db/database.ts';
import type { Logger } from './platform/log.ts';
import { securityHeaders } from './platform/http/security.ts';
import { sessionMiddleware } from './platform/http/session.ts';
import { csrfProtection } from './platform/http/csrf.ts';
import { flashLocals } from './platform/http/flash.ts';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.ts';
import { helpers } from './platform/http/helpers/index.ts';
import { loadUser, requireLogin } from './auth/auth.middleware.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { setupRoutes } from './tenancy/setup.routes.ts';
import { adminRoutes } from './tenancy/admin.routes.ts';
import { tenantScope } from './tenancy/tenant-scope.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { importRoutes } from './imports/import.routes.ts';
import { settingsRoutes } from './settings/settings.routes.ts';
import { postingRoutes } from './posting/posting.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { mappingRoutes } from './mapping/mapping.routes.ts';
import { matrixRoutes } from './matrix/matrix.routes.ts';
import { reviewRoutes } from './review/review.routes.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  clock: () => Date;
  sessionSecret: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The one composition root: security, session, CSRF, tenant scope, routers, 404, error handler — in that order. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.engine('hbs', engine({ extname: '.hbs', defaultLayout: 'main', layoutsDir: path.join(root, 'views/layouts'), partialsDir: path.join(root, 'views/partials'), helpers }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(root, 'views'));
  if (deps.config.env === 'production') app.enable('view cache');

  app.use((req, res, next) => {
    const requestId = crypto.randomUUID();
    req.log = deps.log.child({ requestId });
    res.setHeader('x-request-id', requestId);
    next();
  });
  app.use(securityHeaders());
  app.use('/static', express.static(path.join(root, 'views/static'), { maxAge: '1h', index: false }));
  app.use(healthRoutes(deps));
  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000 }));
  app.use(sessionMiddleware(deps.db, deps.sessionSecret, deps.config));
  app.use(csrfProtection());
  app.use(flashLocals);
  app.use(loadUser(deps.db));
  app.use((req, res, next) => {
    res.locals.currentUser = req.user;
    next();
  });

  app.use(setupRoutes(deps));
  app.use(authRoutes(deps));

  const tenant = Router({ mergeParams: true });
  tenant.use(dashboardRoutes(deps));
  tenant.use(adminRoutes(deps));
  tenant.use(auditRoutes(deps));
  tenant.use(mappingRoutes(deps), matrixRoutes(deps), reviewRoutes(deps));
  tenant.use(settingsRoutes(deps));
  tenant.use(postingRoutes(deps));
  tenant.use(importRoutes(deps));
  tenant.use(exportRoutes(deps));
  app.use('/t/:slug', requireLogin, tenantScope(deps.db), tenant);

  app.use(notFoundHandler);
  app.use(errorHandler());
  return app;
}
