import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { sectionOf } from '../../server/tenancy/section.ts';
import { helpers } from '../../server/platform/http/helpers/index.ts';

describe('sectionOf: the tab of a path under /t/:slug', () => {
  it('when the path is the tjeneste itself, then it is Oversikt; a page below it that has no tab of its own gets none', () => {
    expect(sectionOf('/')).toBe('oversikt');
    expect(sectionOf('')).toBe('oversikt');
    expect(sectionOf('/sjekkliste')).toBeUndefined();
  });

  it('when the path is a tab or below one, then it is that tab, decided by the first segment only', () => {
    expect(sectionOf('/import')).toBe('import');
    expect(sectionOf('/import/opplasting/3f2c')).toBe('import');
    expect(sectionOf('/import/kontoplan/versjoner/2')).toBe('import');
    expect(sectionOf('/kontering')).toBe('kontering');
    expect(sectionOf('/kontering/kommuner')).toBe('kontering'); // not Kommuner, the admin's tab
    expect(sectionOf('/kontering/matrise.xlsx')).toBe('kontering');
    expect(sectionOf('/godkjenning/1860/godkjenn')).toBe('godkjenning');
    expect(sectionOf('/innstillinger/forhandsvisning')).toBe('innstillinger');
    expect(sectionOf('/eksport/sammenlign')).toBe('eksport');
    expect(sectionOf('/tjeneste')).toBe('tjeneste');
    expect(sectionOf('/kommuner')).toBe('kommuner');
    expect(sectionOf('/brukere')).toBe('brukere');
    expect(sectionOf('/logg')).toBe('logg');
    expect(sectionOf('/moter/3/punkter/7')).toBe('moter');
    expect(sectionOf('/sporsmal')).toBe('moter'); // the open questions belong to the meeting's tab
  });

  it('when a segment only starts like a tab, or the path is unknown, then there is no tab', () => {
    expect(sectionOf('/importer')).toBeUndefined();
    expect(sectionOf('/eksporter/1')).toBeUndefined();
    expect(sectionOf('/finnes-ikke')).toBeUndefined();
  });
});

describe('tenant-nav: the current tab', () => {
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  const nav = hbs.compile(readFileSync(new URL('../../views/partials/tenant-nav.hbs', import.meta.url), 'utf8'));
  const current = (html: string) => [...html.matchAll(/<a href="([^"]*)" aria-current="page">/g)].map((m) => m[1]);

  it('when a section is set, then exactly its tab carries aria-current="page"', () => {
    expect(current(nav({ tenant: { slug: 'x' }, section: 'kontering', roles: {} }))).toEqual(['/t/x/kontering']);
    expect(current(nav({ tenant: { slug: 'x' }, section: 'oversikt', roles: {} }))).toEqual(['/t/x']);
    expect(current(nav({ tenant: { slug: 'x' }, section: 'kommuner', roles: { admin: true } }))).toEqual(['/t/x/kommuner']);
    expect(current(nav({ tenant: { slug: 'x' }, section: 'logg', roles: {} }))).toEqual(['/t/x/logg']);
  });

  it('when no section is set, then no tab is marked', () => {
    expect(nav({ tenant: { slug: 'x' }, roles: { admin: true } })).not.toContain('aria-current');
  });
});
