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
    } else if (clientGaveUp(req, err)) {
      // the client closed the connection mid-request (an aborted upload): nobody is left to answer, nothing went wrong here
      log?.info({ code: 'client_aborted' }, 'request aborted by the client');
      if (!res.headersSent && !res.writableEnded) res.destroy();
      return;
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = 'database_unavailable';
      message = 'Databasen svarer ikke akkurat nå. Vent litt og last siden på nytt – ingenting av det du har lagret er tapt.';
    } else {
      const refused = clientError(err);
      if (refused) ({ status, code, message } = refused);
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

/** Body parsers (body-parser, multer, busboy) signal what was wrong with the request; each such 4xx is kept. */
const PARSER_MESSAGES: Record<string, [number, string]> = {
  'entity.too.large': [413, 'Forespørselen er for stor.'],
  'parameters.too.many': [413, 'Skjemaet har for mange felt. Last siden på nytt og send skjemaet derfra.'],
  'querystring.parse.rangeError': [400, 'Skjemaet er for dypt nestet og kunne ikke leses. Last siden på nytt og send skjemaet derfra.'],
  'charset.unsupported': [415, 'Skjemaet er sendt med et tegnsett appen ikke leser. Send det som UTF-8 (det gjør nettleseren selv når du bruker skjemaet på siden).'],
  'encoding.unsupported': [415, 'Forespørselen er komprimert på en måte appen ikke leser. Send den ukomprimert eller med gzip, deflate eller br.'],
  'entity.parse.failed': [400, 'Forespørselen kunne ikke leses.'],
  'request.size.invalid': [400, 'Forespørselen kunne ikke leses: lengden stemmer ikke med innholdet.'],
  'entity.verify.failed': [403, 'Forespørselen ble avvist.'],
};

// PostgreSQL refusing text a client sent: NUL and invalid byte sequences (22021), characters jsonb cannot hold
// (22P05), a number past the column's range (22003). A safety net behind the form checks: still the client's input.
const PG_INPUT_ERRORS: Record<string, string> = {
  '22021': 'Teksten inneholder et ugyldig tegn (for eksempel NUL). Fjern det og prøv igjen.',
  '22P05': 'Teksten inneholder et ugyldig tegn (for eksempel NUL). Fjern det og prøv igjen.',
  '22003': 'Et tall i forespørselen er for stort.',
};

function clientError(err: unknown): { status: number; code: string; message: string } | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; code?: unknown };
  if (typeof e.type === 'string' && PARSER_MESSAGES[e.type]) {
    const [status, message] = PARSER_MESSAGES[e.type]!;
    return { status, code: e.type.replace(/\./g, '_'), message };
  }
  if (typeof e.code === 'string' && PG_INPUT_ERRORS[e.code]) return { status: 400, code: 'bad_input', message: PG_INPUT_ERRORS[e.code]! };
  // http-errors from any parser: the status it chose, with our words (its own text is English and may name internals)
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status >= 400 && status < 500) return { status, code: 'bad_request', message: 'Forespørselen kunne ikke leses. Last siden på nytt og prøv igjen.' };
  return undefined;
}

/** The client went away before its request was read or answered (socket closed, upload aborted). */
function clientGaveUp(req: { destroyed?: boolean; aborted?: boolean; socket?: { destroyed?: boolean } }, err: unknown): boolean {
  const gone = !!(req.destroyed || req.aborted || req.socket?.destroyed);
  if (!gone || !err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; type?: unknown; message?: unknown };
  return e.code === 'ECONNRESET' || e.code === 'ECONNABORTED' || e.type === 'request.aborted' || /aborted|Unexpected end of form|premature close/i.test(String(e.message ?? ''));
}

function titleFor(status: number): string {
  switch (status) {
    case 403:
      return 'Ingen tilgang';
    case 404:
      return 'Fant ikke siden';
    // a conflict is often not about someone else (the last admin, a kommune already there): the message says which
    case 409:
      return 'Ikke mulig nå';
    case 413:
      return 'For stor forespørsel';
    case 415:
      return 'Kunne ikke lese forespørselen';
    case 429:
      return 'For mange forsøk';
    case 503:
      return 'Databasen er utilgjengelig';
    default:
      return status >= 500 ? 'Noe gikk galt' : 'Kunne ikke utføre forespørselen';
  }
}
