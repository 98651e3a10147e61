/** Norwegian names of the register fields, for the preview, the column overview and messages about columns. */
export const FIELD_LABEL: Readonly<Record<string, string>> = {
  dimensjon: 'Dimensjon',
  kode: 'Kode',
  navn: 'Navn',
  aktiv: 'Aktiv',
  kostra: 'KOSTRA',
  art: 'Art',
  art_navn: 'Art (navn)',
  ansvar: 'Ansvar',
  ansvar_navn: 'Ansvar (navn)',
  funksjon: 'Funksjon',
  funksjon_navn: 'Funksjon (navn)',
  skattepliktig: 'Skattepliktig',
  aga: 'AGA',
  feriepengegrunnlag: 'Feriepengegrunnlag',
  amelding_beskrivelse: 'A-melding-beskrivelse',
  tiltakstype: 'Tiltakstype',
  fordel: 'Fordel',
};

export const fieldLabel = (field: string): string => FIELD_LABEL[field] ?? field;
