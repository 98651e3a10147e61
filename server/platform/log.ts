import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    // Never log secrets even if a caller passes a whole object by mistake.
    redact: { paths: ['password', '*.password', 'req.headers.cookie', 'cookie'], remove: true },
  });
}
