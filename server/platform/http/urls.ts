/**
 * The one place the app's addresses are built, for redirects in routes, hrefs in page models and the views' `url`
 * helper. Each entry is an Express route pattern as the routers register it (under `/t/:slug` for a tjeneste's
 * pages); its builder takes the pattern's parameters in order. test/integration/urls.test.ts checks that every
 * pattern here is a route the app has, so a link built here cannot point to a page that does not exist.
 */

/** `no.xlsx` in `:no.xlsx` is the parameter `no` followed by a literal suffix. */
type ParamName<S extends string> = S extends `${infer N}.${string}` ? N : S;
/** The pattern's parameter names, in order. */
type ParamList<P extends string> = P extends `${string}:${infer N}/${infer Rest}` ? [ParamName<N>, ...ParamList<`/${Rest}`>] : P extends `${string}:${infer N}` ? [ParamName<N>] : [];
type AsArgs<T> = { [K in keyof T]: string | number };
type Args<P extends string> = AsArgs<ParamList<P>>;

/** What may follow the path: a query (without `?`) and a fragment (without `#`). */
export interface UrlExtras {
  query?: string;
  anchor?: string;
}

export interface UrlBuilder<P extends string> {
  (...args: Args<P> | [...Args<P>, UrlExtras]): string;
  readonly pattern: P;
}

const PARAM = /:([A-Za-z_]+)/g;

function address<P extends string>(pattern: P): UrlBuilder<P> {
  const names = [...pattern.matchAll(PARAM)].map((m) => m[1] as string);
  const build = (...args: unknown[]): string => {
    const last = args[names.length];
    let i = 0;
    const path = pattern.replace(PARAM, () => encodeURIComponent(String(args[i++])));
    const extras = last && typeof last === 'object' ? (last as UrlExtras) : {};
    return `${path}${extras.query ? `?${extras.query}` : ''}${extras.anchor ? `#${extras.anchor}` : ''}`;
  };
  return Object.assign(build, { pattern }) as UrlBuilder<P>;
}

export const urls = {
  // outside a tjeneste
  start: address('/'),
  setup: address('/oppsett'),
  login: address('/logg-inn'),
  logout: address('/logg-ut'),
  password: address('/passord'),
  tjenester: address('/tjenester'),
  newTjeneste: address('/tjenester/ny'),
  acceptInvitation: address('/invitasjoner/:tjenesteId/godta'),
  declineInvitation: address('/invitasjoner/:tjenesteId/avslaa'),

  // the tjeneste: Oversikt, administration
  home: address('/t/:slug'),
  checklist: address('/t/:slug/sjekkliste'),
  checklistNotes: address('/t/:slug/sjekkliste/notater'),
  tjeneste: address('/t/:slug/tjeneste'),
  newRegnskapsar: address('/t/:slug/tjeneste/nytt-regnskapsar'),
  kommuner: address('/t/:slug/kommuner'),
  kommuneRemoval: address('/t/:slug/kommuner/:kommunenummer/fjern'),
  kommuneHost: address('/t/:slug/kommuner/:kommunenummer/vert'),
  users: address('/t/:slug/brukere'),
  userRoles: address('/t/:slug/brukere/:userId/roller'),
  userRemoval: address('/t/:slug/brukere/:userId/fjern'),
  userPassword: address('/t/:slug/brukere/:userId/passord'),
  withdrawInvitation: address('/t/:slug/brukere/invitasjoner/:userId/trekk'),
  auditLog: address('/t/:slug/logg'),
  notifications: address('/t/:slug/varsler'),
  notificationSettings: address('/t/:slug/varsler/innstillinger'),
  mailDelivery: address('/t/:slug/varsler/utsending'),

  // registers
  imports: address('/t/:slug/import'),
  importRegister: address('/t/:slug/import/:register'),
  importTemplate: address('/t/:slug/import/:register/mal.xlsx'),
  importPreview: address('/t/:slug/import/opplasting/:id'),
  importCommit: address('/t/:slug/import/opplasting/:id/lagre'),
  importCancel: address('/t/:slug/import/opplasting/:id/avbryt'),
  importColumns: address('/t/:slug/import/opplasting/:id/kolonner'),
  importArtScheme: address('/t/:slug/import/opplasting/:id/artsskjema'),
  importFix: address('/t/:slug/import/opplasting/:id/rett'),
  importMarkedWorkbook: address('/t/:slug/import/opplasting/:id/feilmarkering.xlsx'),
  versions: address('/t/:slug/import/:register/versjoner'),
  version: address('/t/:slug/import/:register/versjoner/:no'),
  versionXlsx: address('/t/:slug/import/:register/versjoner/:no.xlsx'),
  versionRestore: address('/t/:slug/import/:register/versjoner/:no/gjenopprett'),
  registerEdit: address('/t/:slug/import/:register/rediger'),
  codes: address('/t/:slug/koder/:dimensjon'),

  // Kontering
  kontering: address('/t/:slug/kontering'),
  matrixXlsx: address('/t/:slug/kontering/matrise.xlsx'),
  mappingKommuner: address('/t/:slug/kontering/kommuner'),
  mappingKommune: address('/t/:slug/kontering/kommuner/:kommunenummer'),
  mappingConfirmProposals: address('/t/:slug/kontering/kommuner/bekreft-forslag'),
  sharedAnsvar: address('/t/:slug/kontering/delt-ansvar'),
  sharedAnsvarRemoval: address('/t/:slug/kontering/delt-ansvar/fjern'),
  funksjonPerKategori: address('/t/:slug/kontering/funksjoner'),
  funksjonPerKategoriKommune: address('/t/:slug/kontering/funksjoner/:kommunenummer'),
  funksjonPerKategoriConfirmProposals: address('/t/:slug/kontering/funksjoner/bekreft-forslag'),

  // Godkjenning
  review: address('/t/:slug/godkjenning'),
  submitAll: address('/t/:slug/godkjenning/send'),
  submitKommune: address('/t/:slug/godkjenning/:kommunenummer/send'),
  approveKommune: address('/t/:slug/godkjenning/:kommunenummer/godkjenn'),
  rejectKommune: address('/t/:slug/godkjenning/:kommunenummer/avvis'),

  // Innstillinger
  settings: address('/t/:slug/innstillinger'),
  modules: address('/t/:slug/innstillinger/moduler'),
  posting: address('/t/:slug/innstillinger/postering'),
  postingErp: address('/t/:slug/innstillinger/postering/erp'),
  postingModul: address('/t/:slug/innstillinger/postering/:modul'),
  agaArt: address('/t/:slug/innstillinger/aga-art'),
  autopay: address('/t/:slug/innstillinger/autopay'),
  mva: address('/t/:slug/innstillinger/mva'),
  postingPreview: address('/t/:slug/innstillinger/forhandsvisning'),

  // Eksport
  exports: address('/t/:slug/eksport'),
  draftExport: address('/t/:slug/eksport/utkast'),
  finalExport: address('/t/:slug/eksport/endelig'),
  exportZip: address('/t/:slug/eksport/:no.zip'),
  exportCompare: address('/t/:slug/eksport/sammenlign'),

  // the meeting
  questions: address('/t/:slug/sporsmal'),
  question: address('/t/:slug/sporsmal/:sporsmal'),
  meetings: address('/t/:slug/moter'),
  meeting: address('/t/:slug/moter/:moteId'),
  meetingReferat: address('/t/:slug/moter/:moteId/referat.docx'),
  meetingItems: address('/t/:slug/moter/:moteId/punkter'),
  meetingItem: address('/t/:slug/moter/:moteId/punkter/:punktId'),
} as const;

export type UrlName = keyof typeof urls;

export const isUrlName = (name: string): name is UrlName => Object.hasOwn(urls, name);

/** The parameter names of an address's pattern, in order. */
export const urlParams = (name: UrlName): string[] => [...urls[name].pattern.matchAll(PARAM)].map((m) => m[1] as string);

/** An address by name with its parameters as a list: for the views' helper, which gets them untyped. */
export function urlFor(name: UrlName, args: readonly unknown[], extras: UrlExtras = {}): string {
  return (urls[name] as unknown as (...a: unknown[]) => string)(...args, extras);
}
