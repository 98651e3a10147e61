import express, { type Express } from 'express';
import type { Logger } from './log.ts';
import { isDatabaseUnavailable } from './db/database.ts';

export type StartupState = 'starting' | 'ready';

export interface Startup {
  /** what the server listens with: answers 503 until the app is ready, then is the app */
  app: Express;
  /** settles when the app is ready (never rejects: a failed attempt is retried) */
  ready: Promise<void>;
  state(): StartupState;
  /** stop retrying (shutdown while the database is still away) */
  stop(): void;
}

/**
 * The process listens at once and prepares the app (migrations, session secret) as soon as the database answers, so a
 * restart while the database is down or failing over does not end in an exit the supervisor has to notice. Until
 * then every request gets 503 and /helse says why; attempts are retried with a backoff capped at `maxDelayMs`.
 */
export function startWhenDatabaseReady(opts: { log: Logger; prepare: () => Promise<Express>; firstDelayMs?: number; maxDelayMs?: number }): Startup {
  const { log } = opts;
  let real: Express | undefined;
  let lastError: 'database_unavailable' | 'migration_failed' = 'database_unavailable';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const gate = express();
  gate.disable('x-powered-by');
  gate.use((req, res, next) => {
    if (real) return real(req, res, next);
    res.set('Retry-After', '5').set('Cache-Control', 'no-store');
    if (req.path === '/helse') {
      res.status(503).json({ status: 'starting', database: lastError === 'database_unavailable' ? 'unavailable' : 'available', migrations: lastError === 'migration_failed' ? 'failed' : 'pending' });
      return;
    }
    const message =
      lastError === 'database_unavailable'
        ? 'Kodeverk starter og venter på databasen. Siden virker så snart databasen svarer – last den på nytt om litt.'
        : 'Kodeverk starter, men databasen kunne ikke gjøres klar. Feilen er logget; kontakt den som drifter tjenesten.';
    res.status(503);
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: { code: 'starting', message } });
    else res.type('text/plain; charset=utf-8').send(message);
  });

  const ready = new Promise<void>((resolve) => {
    let delay = opts.firstDelayMs ?? 1_000;
    const attempt = async () => {
      if (stopped) return;
      try {
        real = await opts.prepare();
        log.info('database ready');
        resolve();
      } catch (err) {
        lastError = isDatabaseUnavailable(err) ? 'database_unavailable' : 'migration_failed';
        if (lastError === 'database_unavailable') log.warn({ err: (err as Error).message, retryInMs: delay }, 'database not reachable yet; retrying');
        else log.error({ err, retryInMs: delay }, 'preparing the database failed; retrying');
        if (stopped) return;
        timer = setTimeout(() => void attempt(), delay);
        delay = Math.min(delay * 2, opts.maxDelayMs ?? 15_000);
      }
    };
    void attempt();
  });

  return {
    app: gate,
    ready,
    state: () => (real ? 'ready' : 'starting'),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
