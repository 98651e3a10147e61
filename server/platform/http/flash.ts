import type { Request, RequestHandler } from 'express';

export function flash(req: Request, kind: 'ok' | 'info' | 'error', text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/** Moves flash messages from the session to the page being rendered (post/redirect/get). */
export const flashLocals: RequestHandler = (req, res, next) => {
  // Only a page load shows the message: a browser's side request (an icon, an image) that happens to arrive between
  // the redirect and the page must not take it (Sec-Fetch-Dest is sent by every current browser; absent = keep old behaviour).
  const dest = req.get('sec-fetch-dest');
  if (dest && dest !== 'document' && dest !== 'iframe') return next();
  if (req.session.flash?.length) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
