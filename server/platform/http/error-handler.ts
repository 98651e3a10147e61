import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/database.ts';
import { AppError, NotFoundError } from './errors.ts';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** One error page per status; a 5xx never shows details (the log has the stack). */
export function errorHandler(): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const log = req.log;
    let status = 500;
    let message = 'Noe gikk galt hos oss. Feilen er logget. Prøv igjen, og kontakt en administrator hvis det gjentar seg.';
    let code = 'internal';
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
      code = err.code;
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = 'database_unavailable';
      message = 'Databasen svarer ikke akkurat nå. Vent litt og last siden på nytt – ingenting av det du har lagret er tapt.';
    } else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.too.large') {
      status = 413;
      code = 'payload_too_large';
      message = 'Forespørselen er for stor.';
    } else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
      status = 400;
      code = 'bad_request';
      message = 'Forespørselen kunne ikke leses.';
    }
    if (status >= 500) log?.error({ err, code }, 'request failed');
    else log?.info({ code, status }, 'request refused');
    if (res.headersSent) return;
    const view = [403, 404, 500, 503].includes(status) ? `errors/${status}` : 'errors/generic';
    res.status(status);
    if (status === 503) res.set('Retry-After', '5');
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: { code, message } });
      return;
    }
    res.render(view, { title: titleFor(status), status, message, code }, (renderErr, html) => {
      // The error page itself must not fail (e.g. when the session layer is what broke).
      if (renderErr) res.type('text/plain; charset=utf-8').send(message);
      else res.send(html);
    });
  };
}

function titleFor(status: number): string {
  switch (status) {
    case 403: return 'Ingen tilgang';
    case 404: return 'Fant ikke siden';
    // a conflict is often not about someone else (the last admin, a kommune already there): the message says which
    case 409: return 'Ikke mulig nå';
    case 413: return 'For stor fil';
    case 429: return 'For mange forsøk';
    case 503: return 'Databasen er utilgjengelig';
    default: return status >= 500 ? 'Noe gikk galt' : 'Kunne ikke utføre forespørselen';
  }
}
