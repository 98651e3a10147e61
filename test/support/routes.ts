import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
  key: string;
}

/** Walks Express 5's router stack: routes carry their path, mounted routers their mount path in layer.rawPath. */
export function enumerateRoutes(app: Express): { routes: RouteInfo[]; mounts: string[] } {
  const routes: RouteInfo[] = [];
  const mounts: string[] = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown; name?: string };
  const paths = (p: unknown): string[] => (Array.isArray(p) ? p.map(String) : [String(p ?? '/')]);
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const p of paths(layer.route.path))
          for (const [m, on] of Object.entries(layer.route.methods)) if (on) routes.push({ method: m.toUpperCase(), path: prefix + p, key: `${m.toUpperCase()} ${prefix + p}` });
      } else if (layer.handle?.stack) {
        for (const p of paths(layer.rawPath)) walk(layer.handle.stack, prefix + (p === '/' ? '' : p));
      } else {
        for (const p of paths(layer.rawPath)) if (p !== '/') mounts.push(prefix + p);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack, '');
  return { routes, mounts: [...new Set(mounts)] };
}
