import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { binaryParser } from '../support/binary.ts';
import { seedRegisters } from '../support/registers.ts';

// #12 items 4 and 7: a lønnsart's tiltakstype and fordel reach every reader from the register definition.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('lønnsart tiltakstype and fordel in the app', () => {
  it('when lønnsarter are stored, then the version page, the version download and the editor show Tiltakstype and Fordel in words with their choices', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id);
    const { agent } = await loginAgent(ctx.app, tj.users.regnskap.email);
    const version = await agent.get(`/t/${tj.slug}/import/lonnsarter/versjoner/1`);
    expect(version.status).toBe(200);
    expect(version.text).toContain('<th scope="col">Tiltakstype</th>');
    expect(version.text).toContain('<th scope="col">Fordel</th>');
    expect(version.text).toContain('Utenfor hjemmet (252)');
    expect(version.text).not.toContain('utenfor_hjemmet');

    const xlsx = await agent.get(`/t/${tj.slug}/import/lonnsarter/versjoner/1.xlsx`).buffer(true).parse(binaryParser);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(-2)).toEqual(['Tiltakstype', 'Fordel']);
    expect(ws.getCell(2, header.indexOf('Tiltakstype') + 1).value).toBe('Utenfor hjemmet');

    const edit = await agent.get(`/t/${tj.slug}/import/lonnsarter/rediger`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('<option value="Kontantytelse"');
    expect(edit.text).toContain('<option value="Utgiftsgodtgjørelse"');
    expect(edit.text).toMatch(/<option value="Utenfor hjemmet" selected>/);
  });
});
