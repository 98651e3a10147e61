// The meeting's summary as a Word document, in the shape of the meetings' own summaries: customer, date,
// participants, agenda with notes, decisions, «Oppfølging» per area with owners and deadlines, the checklist, and
// the kodeverk's status per kommune.
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { deterministicZip, readZip } from '../export/zip.ts';
import type { MeetingSummary } from './meeting.service.ts';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const labelled = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
const bullet = (runs: TextRun[]) => new Paragraph({ bullet: { level: 0 }, children: runs });
/** Notes keep their line breaks: one run per line, a break between. */
const multiline = (text: string) => new Paragraph({ children: text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })) });

function table(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

export interface ReferatInput {
  summary: MeetingSummary;
  tjeneste: { navn: string; regnskapsar: number };
}

/** The referat's file name: «referat-kodeverkdag-2026-12-05.docx». */
export function referatFileName(s: MeetingSummary): string {
  const slug =
    s.meeting.title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'o')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'mote';
  return `referat-${slug}-${s.meeting.held_on}.docx`;
}

/**
 * The .docx bytes. Deterministic for the same content: the document's created/modified stamps are the meeting's
 * day (docx stamps the current time), and the package is re-zipped with fixed entry times (export/zip.ts), so the
 * same meeting gives the same file. No hyperlinks: the library gives each a random id.
 */
export async function buildReferat({ summary: s, tjeneste }: ReferatInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `Referat: ${s.meeting.title}`, heading: HeadingLevel.TITLE }),
    labelled('Kunde', tjeneste.navn),
    labelled('Dato', s.dateLabel),
    labelled('Regnskapsår', String(tjeneste.regnskapsar)),
    heading('Deltakere', HeadingLevel.HEADING_1),
    ...(s.participants.length ? s.participants.map((p) => bullet([new TextRun(p)])) : [para('Ingen deltakere er ført opp.')]),
  ];
  if (s.meeting.notes.trim()) children.push(heading('Notater', HeadingLevel.HEADING_1), multiline(s.meeting.notes));

  children.push(heading('Dagsorden', HeadingLevel.HEADING_1));
  if (s.groups.length === 0) children.push(para('Ingen punkter.'));
  for (const g of s.groups) {
    children.push(heading(g.label, HeadingLevel.HEADING_2));
    for (const item of g.items) {
      const q = item.question;
      children.push(bullet([new TextRun({ text: item.title, bold: true }), ...(q ? [new TextRun(` (${q.statusLabel.toLowerCase()})`)] : [])]));
      if (q?.decision) children.push(labelled('Beslutning', q.decision));
      if (item.notes.trim()) children.push(multiline(item.notes));
    }
  }

  children.push(heading('Beslutninger', HeadingLevel.HEADING_1));
  if (s.decisions.length === 0) children.push(para('Ingen beslutninger er notert.'));
  for (const d of s.decisions) children.push(bullet([new TextRun({ text: `${d.title}: `, bold: true }), new TextRun(d.decision ?? d.statusLabel)]));

  children.push(heading('Oppfølging', HeadingLevel.HEADING_1));
  if (s.followUp.length === 0) children.push(para('Ingen åpne spørsmål.'));
  for (const g of s.followUp) {
    children.push(heading(`Oppfølging ${g.label.toLowerCase()}`, HeadingLevel.HEADING_2));
    children.push(
      table(
        ['Hva', 'Ansvarlig', 'Frist'],
        g.questions.map((q) => [q.title, q.ownerLabel || 'Ingen ansvarlig', q.deadlineLabel ? `${q.deadlineLabel}${q.overdue ? ' (over fristen)' : ''}` : '–']),
      ),
    );
  }

  children.push(heading('Sjekkliste', HeadingLevel.HEADING_1));
  children.push(
    table(
      ['Punkt', 'Status', 'Merknad'],
      s.checklist.map((i) => [i.label, i.statusLabel, i.detail]),
    ),
  );
  children.push(heading('Kodeverket per kommune', HeadingLevel.HEADING_1));
  children.push(
    table(
      ['Kommune', 'Status'],
      s.kommuner.map((k) => [`${k.kommunenummer} ${k.navn}${k.erVertskommune ? ' (vert)' : ''}`, k.statusLabel]),
    ),
  );

  const doc = new Document({
    creator: 'Kodeverk',
    lastModifiedBy: 'Kodeverk',
    title: `Referat: ${s.meeting.title} ${s.meeting.held_on}`,
    description: `Referat fra ${s.meeting.title.toLowerCase()} ${s.dateLabel} – ${tjeneste.navn}`,
    revision: 1,
    sections: [{ children }],
  });
  const packed = await Packer.toBuffer(doc);
  const stamp = `${s.meeting.held_on}T00:00:00Z`;
  const files = (await readZip(Buffer.from(packed))).map((f) =>
    f.path === 'docProps/core.xml' ? { path: f.path, data: Buffer.from(f.data.toString('utf8').replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`)) } : f,
  );
  return deterministicZip(files);
}
