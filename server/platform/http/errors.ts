// Typed domain errors with stable codes; the one error handler maps them to status and page.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Siden finnes ikke, eller du har ikke tilgang til den.') {
    super('not_found', 404, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Du har ikke tilgang til å gjøre dette. Be en administrator om riktig rolle.') {
    super('forbidden', 403, message);
  }
}

export class CsrfError extends AppError {
  constructor() {
    super('csrf', 403, 'Skjemaet var utløpt eller kom ikke fra denne siden. Gå tilbake, last siden på nytt og prøv igjen.');
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(code, 400, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, 409, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super('too_many_requests', 429, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}
