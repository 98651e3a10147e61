import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { url } from '../../server/platform/http/helpers/url.ts';
import { type UrlName, urlFor, urlParams, urls } from '../../server/platform/http/urls.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { enumerateRoutes, type RouteInfo } from '../support/routes.ts';

/**
 * Every address the app builds comes from server/platform/http/urls.ts; here each one is checked against the routes
 * the router really has (walked as in access.test.ts), so a link or redirect cannot lead to a route that does not
 * exist. links.test.ts follows the rendered links of a filled tjeneste; this covers the addresses a walk may miss.
 */
let ctx: TestContext;
let routes: RouteInfo[];
beforeAll(async () => {
  ctx = await createTestContext();
  ({ routes } = enumerateRoutes(ctx.app));
});
afterAll(() => ctx.close());

// `/t/:slug/` is the tjeneste's start page as the mounted router has it; Express answers it without the slash too
const normalise = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p);
const names = Object.keys(urls) as UrlName[];

describe('urls', () => {
  it('when every address the builder knows is looked up, then each is a route the app has', () => {
    expect(routes.length).toBeGreaterThanOrEqual(55); // a broken walker must not pass by finding nothing
    const registered = new Set(routes.map((r) => normalise(r.path)));
    const missing = names.filter((n) => !registered.has(urls[n].pattern)).map((n) => `${n}: ${urls[n].pattern}`);
    expect(missing).toEqual([]);
  });

  it('when an address is built with awkward values, then Express routes it to the route it names and reads the same values back', async () => {
    // the app's route paths, each answering with its own pattern and the parameters Express read: the first to match wins, as in the app
    const echo = express();
    for (const p of new Set(routes.map((r) => r.path))) echo.all(p, (req, res) => res.json({ pattern: normalise(p), params: req.params }));
    const failures: string[] = [];
    for (const name of names) {
      const { pattern } = urls[name];
      const params = urlParams(name);
      const values = params.map((p, i) => `${p}-${i} æ/ø?#%`);
      const built = urlFor(name, values, { query: 'a=1', anchor: 'k-1860' });
      if (!built.endsWith('?a=1#k-1860')) failures.push(`${name}: query and anchor → ${built}`);
      const res = await request(echo).get(built.replace(/#.*$/, ''));
      const body = res.body as { pattern?: string; params?: Record<string, string> };
      if (res.status !== 200 || body.pattern !== pattern) failures.push(`${name}: ${built} → ${res.status} ${body.pattern ?? ''}`);
      else if (JSON.stringify(params.map((p) => body.params?.[p])) !== JSON.stringify(values)) failures.push(`${name}: ${JSON.stringify(body.params)}`);
    }
    expect(failures).toEqual([]);
  });

  it('when a view names an address, then the builder has it (the url helper would fail the page)', () => {
    const root = path.resolve(import.meta.dirname, '../../views');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
    const used = new Set<string>();
    for (const f of files) for (const m of fs.readFileSync(path.join(root, f), 'utf8').matchAll(/\(?\{?\{\{?\s*\(?url\s+'([^']+)'/g)) used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((n) => !(n in urls))).toEqual([]);
  });

  it("when the url helper is used on a tjeneste's page, then the slug is the page's tjeneste unless given", () => {
    const hbs = Handlebars.create();
    hbs.registerHelper('url', url);
    const render = (src: string, data: object) => hbs.compile(src)(data);
    const tenant = { slug: 'lofoten' };
    expect(render("{{url 'importPreview' id}}", { tenant, id: 'abc' })).toBe('/t/lofoten/import/opplasting/abc');
    expect(render("{{#each ids}}{{url 'importPreview' this}} {{/each}}", { tenant, ids: ['a', 'b'] })).toBe('/t/lofoten/import/opplasting/a /t/lofoten/import/opplasting/b ');
    expect(render("{{url 'home' slug}}", { tenant, slug: 'salten' })).toBe('/t/salten');
    expect(render("{{url 'mappingKommuner' anchor='k-1860'}}", { tenant })).toBe('/t/lofoten/kontering/kommuner#k-1860');
    expect(render("{{url 'logout'}}", {})).toBe('/logg-ut');
    expect(() => render("{{url 'importPreview'}}", { tenant })).toThrow(/2 parameters expected .* 0 given/);
    expect(() => render("{{url 'nowhere'}}", { tenant })).toThrow(/no address named/);
  });
});
