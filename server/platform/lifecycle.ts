import type { Server } from 'node:http';

/** How long requests in flight get to finish on SIGTERM/SIGINT; a 100,000-row commit takes a few seconds. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface DrainResult {
  /** connections still busy when the grace ran out, closed mid-request */
  cut: number;
  ms: number;
}

/**
 * Stops accepting connections and lets the requests in flight finish, at most `graceMs`; then closes what is left.
 * A keep-alive connection would otherwise hold the server open until its idle timeout (5 s), and a request that
 * arrives on one while draining is still answered, with `Connection: close`.
 */
export function drainServer(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<DrainResult> {
  const started = Date.now();
  const lastOnItsConnection = (_req: unknown, res: { headersSent: boolean; setHeader(name: string, value: string): unknown }) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  server.prependListener('request', lastOnItsConnection);
  return new Promise((resolve) => {
    let cut = 0;
    const poll = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      // what is still open now is a request that did not finish in time
      server.getConnections((_err, count) => {
        cut = count;
        server.closeAllConnections();
      });
    }, graceMs);
    server.close(() => {
      clearInterval(poll);
      clearTimeout(deadline);
      resolve({ cut, ms: Date.now() - started });
    });
    server.closeIdleConnections();
  });
}
