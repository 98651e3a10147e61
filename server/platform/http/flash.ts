import type { Request, RequestHandler } from 'express';

export function flash(req: Request, kind: 'ok' | 'info' | 'error', text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/** Moves flash messages from the session to the page being rendered (post/redirect/get). */
export const flashLocals: RequestHandler = (req, res, next) => {
  if (req.session.flash?.length) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
