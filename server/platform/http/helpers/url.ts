import type { HelperOptions } from 'handlebars';
import { isUrlName, type UrlExtras, urlFor, urlParams, urls } from '../urls.ts';

/**
 * {{url 'importPreview' id}} — an address from server/platform/http/urls.ts. A tjeneste's page links within its own
 * tjeneste, so `:slug` is the page's tjeneste unless given first; `query=` and `anchor=` add what follows the path.
 */
export const url = (name: unknown, ...rest: unknown[]): string => {
  const options = rest.pop() as HelperOptions;
  const key = String(name);
  if (!isUrlName(key)) throw new Error(`{{url}}: no address named «${key}» in server/platform/http/urls.ts`);
  const { pattern } = urls[key];
  const params = urlParams(key).length;
  const slug = (options.data?.root as { tenant?: { slug?: string } } | undefined)?.tenant?.slug;
  const args = pattern.startsWith('/t/:slug') && rest.length === params - 1 && slug !== undefined ? [slug, ...rest] : rest;
  if (args.length !== params) throw new Error(`{{url '${key}'}}: ${params} parameters expected for ${pattern}, ${args.length} given`);
  const hash = options.hash as UrlExtras;
  return urlFor(key, args, { query: hash.query, anchor: hash.anchor });
};
