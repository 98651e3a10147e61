import { z } from 'zod';

// The only reader of process.env: everything else gets the frozen Config passed in.
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data'),
    SESSION_SECRET: z.string().min(32).optional(),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // `true` would believe any X-Forwarded-For (a client could choose its own address and so its login budget): refused
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v, ctx): false | number | string[] => {
        const t = v.trim();
        if (t === '' || t === 'false' || t === '0') return false;
        if (/^\d+$/.test(t)) return Number(t);
        if (t === 'true') {
          ctx.addIssue({
            code: 'custom',
            message: 'TRUST_PROXY=true stoler på enhver X-Forwarded-For. Oppgi antall proxyer foran appen (f.eks. 1) eller adressene deres (f.eks. 10.0.0.5,10.0.1.0/24 eller loopback).',
          });
          return z.NEVER;
        }
        const list = t
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = list.find((x) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(x));
        if (bad) {
          ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: «${bad}» er verken et antall, en IP-adresse, et nett (CIDR) eller loopback/linklocal/uniquelocal.` });
          return z.NEVER;
        }
        return list;
      }),
    SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
    UPLOAD_LIMIT_MB: z.coerce.number().positive().max(500).default(20),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    // e-mail: both or neither; without them the app shows each user the notifications it would have sent
    SMTP_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, { error: 'SMTP_URL må se slik ut: smtp://bruker:passord@smtp.example.no:587 (eller smtps:// for TLS fra start).' })
        .optional(),
    ),
    MAIL_FROM: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[^\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, { error: 'MAIL_FROM må være en e-postadresse, f.eks. «Kodeverk <kodeverk@kommune.no>».' })
        .optional(),
    ),
  })
  .superRefine((e, ctx) => {
    if (e.SMTP_URL && !e.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'MAIL_FROM må settes når SMTP_URL er satt (avsenderen på e-postene).' });
    if (e.MAIL_FROM && !e.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'SMTP_URL må settes når MAIL_FROM er satt (serveren e-postene sendes gjennom).' });
  });

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string | undefined;
  env: 'development' | 'production' | 'test';
  logLevel: string;
  /** the proxies in front of the app: how many hops, or their addresses (false: none; req.ip is the peer) */
  trustProxy: false | number | string[];
  secureCookies: 'auto' | 'true' | 'false';
  uploadLimitBytes: number;
  loginMaxAttempts: number;
  /** how long a request waits for a database connection, and the longest one statement may run */
  dbTimeouts: { connectMs: number; statementMs: number };
  /** null: no SMTP; notifications are only shown in the app */
  mail: { smtpUrl: string; from: string } | null;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ugyldig konfigurasjon i miljøvariabler:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    sessionSecret: e.SESSION_SECRET,
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.SECURE_COOKIES,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    dbTimeouts: { connectMs: e.DB_CONNECT_TIMEOUT_MS, statementMs: e.DB_STATEMENT_TIMEOUT_MS },
    mail: e.SMTP_URL && e.MAIL_FROM ? Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM }) : null,
    ...overrides,
  });
}

/**
 * Under test (vitest sets VITEST, and so do the app and the command line it starts; or NODE_ENV=test) the values the
 * process's caches share between requests are deep-frozen as they go in (platform/cache.ts): code that changes one
 * then fails where it does it. Read here, at import, because the caches are made when their modules load.
 */
export const freezeSharedValues = process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';
