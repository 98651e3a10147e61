import type { RequestHandler } from 'express';

/** The tabs of the tjeneste navigation (views/partials/tenant-nav.hbs), named by the first path segment under /t/:slug. */
export type Section = 'oversikt' | 'import' | 'kontering' | 'godkjenning' | 'innstillinger' | 'eksport' | 'tjeneste' | 'kommuner' | 'brukere' | 'logg' | 'moter' | 'varsler';

const BY_SEGMENT: ReadonlySet<string> = new Set<Section>(['import', 'kontering', 'godkjenning', 'innstillinger', 'eksport', 'tjeneste', 'kommuner', 'brukere', 'logg', 'moter', 'varsler']);
// the open questions are part of the meeting's tab
const ALIAS: Readonly<Record<string, Section>> = { sporsmal: 'moter' };

/**
 * The tab a path under /t/:slug belongs to: Oversikt only for the tjeneste's own page, the others for their first
 * segment and everything below it (/kontering/kommuner is Kontering). A path of no tab (/sjekkliste, a 404) has none.
 */
export function sectionOf(path: string): Section | undefined {
  if (path === '' || path === '/') return 'oversikt';
  const first = path.split('/')[1] ?? '';
  return BY_SEGMENT.has(first) ? (first as Section) : ALIAS[first];
}

/** The pages of Innstillinger's sub-navigation (views/partials/settings-nav.hbs). */
export type SettingsPage = 'oversikt' | 'moduler' | 'postering' | 'mva' | 'autopay' | 'forhandsvisning';
const SETTINGS_PAGES: ReadonlySet<string> = new Set<SettingsPage>(['moduler', 'postering', 'mva', 'autopay', 'forhandsvisning']);
// a refused form is shown at its own address: the AGA art is a form of the Postering page
const SETTINGS_ALIAS: Readonly<Record<string, SettingsPage>> = { 'aga-art': 'postering' };

/** The settings page a path under /t/:slug belongs to, for the sub-navigation's current-page mark; none outside Innstillinger. */
function settingsPageOf(path: string): SettingsPage | undefined {
  const [, first, second = ''] = path.split('/');
  if (first !== 'innstillinger') return undefined;
  if (second === '') return 'oversikt';
  return SETTINGS_PAGES.has(second) ? (second as SettingsPage) : SETTINGS_ALIAS[second];
}

/** Sets res.locals.section (and settingsPage) for the navigation's aria-current; mounted under /t/:slug, so req.path is below the slug. */
export const markSection: RequestHandler = (req, res, next) => {
  res.locals.section = sectionOf(req.path);
  res.locals.settingsPage = settingsPageOf(req.path);
  next();
};
