import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError } from './config.ts';
import { createLogger } from './platform/log.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { purgeExpiredSessions, resolveSessionSecret } from './platform/http/session.ts';
import { createApp } from './app.ts';
import { startMailWorker } from './notifications/mail.worker.ts';
import { sweepOverdue } from './meeting/overdue.ts';
import { osloDate } from './meeting/questions.rules.ts';
import { startWhenDatabaseReady } from './platform/startup.ts';
import { purgeOldThrottles } from './auth/login-throttle.ts';
import { drainServer } from './platform/lifecycle.ts';
import { HEARTBEAT_MS, READ_INTERRUPTED, stopImportReads } from './imports/import.service.ts';
import { failDeadReads } from './imports/import.repository.ts';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.dbTimeouts,
    onConnectionError: (err) => log.warn({ err: err.message }, 'database connection lost; it is replaced on the next query'),
  });
  // listen at once; migrate and build the app when the database answers (503 and /helse until then)
  const startup = startWhenDatabaseReady({
    log,
    prepare: async () => {
      const applied = await migrateToLatest(handle.db);
      if (applied.length) log.info({ applied }, 'migrations applied');
      // the embedded database has one process (its directory lock): any read left «leser» died with the last one
      const dead = await failDeadReads(handle.db, handle.kind === 'pglite' ? 0 : 2 * HEARTBEAT_MS, READ_INTERRUPTED);
      if (dead) log.warn({ reads: dead }, 'reads left by a stopped process marked as interrupted');
      const sessionSecret = await resolveSessionSecret(handle.db, config);
      return createApp({ config, db: handle.db, log, clock: () => new Date(), sessionSecret });
    },
  });
  const server = startup.app.listen(config.port, config.host, () => {
    // PORT=0 lets the system choose; say the port actually taken.
    const port = (server.address() as AddressInfo).port;
    log.info({ port, database: handle.kind }, 'listening');
    console.log(`Kodeverk kjører på http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/ (database: ${handle.kind === 'pglite' ? `innebygd i ${config.dataDir}` : 'PostgreSQL'})`);
  });
  // Housekeeping that any instance may do; it is idempotent.
  const timer = setInterval(() => Promise.all([purgeExpiredSessions(handle.db), purgeOldThrottles(handle.db)]).catch((err) => log.warn({ err }, 'session purge failed')), 60 * 60 * 1000);
  timer.unref();
  // owners of overdue questions are told, and (with SMTP_URL) the outbox is sent
  const stopMail = startMailWorker({ db: handle.db, config, log, clock: () => new Date(), remind: (now) => sweepOverdue(handle.db, osloDate(now)) });

  // SIGTERM (a deploy, systemd) or SIGINT (Ctrl-C): stop accepting, let the requests in flight finish (at most
  // SHUTDOWN_GRACE_MS), then close the database. A second signal stops at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'stopping at once');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(timer);
    stopMail();
    startup.stop();
    let code = 0;
    try {
      const drained = await drainServer(server);
      if (drained.cut > 0) log.warn({ cut: drained.cut, ms: drained.ms }, 'requests cut at shutdown');
      // reads of uploaded files run in the background, past their request: marked interrupted, threads stopped
      const reads = await stopImportReads(handle.db);
      if (reads > 0) log.info({ reads }, 'import reads interrupted');
      await handle.close();
      log.info({ ms: drained.ms }, 'stopped');
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || (err instanceof Error && err.message.startsWith('Databasemappen'))) console.error(err.message);
  else console.error('Kunne ikke starte kodeverk:', err);
  process.exit(1);
});
