import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rng } from '../../seed/fake';
import { csvFile, openSheet, type SheetRow } from './import-read';

async function readAll(buf: Buffer, filename: string) {
  const sheet = await openSheet(buf, filename);
  const rows: SheetRow[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return { headers: sheet.headers, rows };
}

describe('reading an import file row by row', () => {
  it('reads CSV: quotes, commas and line breaks in cells, CRLF, BOM, blank lines', async () => {
    const text = '\ufeff客户名称,备注,电话\r\n"杭州""西湖""电器",含,逗号,0571-1\r\n\r\n"宁波,甬江","两行\n备注",0574-2\n  温州  ,,0577-3';
    const buf = Buffer.from(text);
    const streamed = await readAll(buf, 'a.csv');
    expect(streamed.headers).toEqual(['客户名称', '备注', '电话']);
    expect(streamed.rows).toHaveLength(3);
    expect(streamed.rows[0].cells).toEqual(['杭州"西湖"电器', '含', '逗号']);
    expect(streamed.rows[1].cells).toEqual(['宁波,甬江', '两行\n备注', '0574-2']);
    expect(streamed.rows[2].cells).toEqual(['温州', '', '0577-3']);
    // row numbers as a spreadsheet program shows them: the blank line is row 3
    expect(streamed.rows.map((r) => r.number)).toEqual([2, 4, 5]);
  });

  it('reads a CSV file a piece at a time exactly as whole: quotes, CRLF and characters split between pieces', () => {
    const r = rng(7);
    const rnd = (n: number) => Math.floor(r() * n);
    const parts = ['a', '西湖', '"', '""', ',', '\n', '\r\n', '\r', ' ', '12"', '电器有限公司', '\t'];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 5 + rnd(60) }, () => parts[rnd(parts.length)]).join('');
      for (const buf of [Buffer.from(text), Buffer.from('\ufeff' + text)]) {
        const whole = [...csvFile(buf, buf.length + 1)];
        for (const size of [1, 2, 3, 5, 8]) expect([...csvFile(buf, size)], JSON.stringify({ text, size })).toEqual(whole);
      }
    }
    // GBK split in the middle of a character
    const gbk = Buffer.from('BFCDBBA7C3FBB3C60D0AB2E2CAD4B9ABCBBE0D0A', 'hex');
    expect([...csvFile(gbk, 3)]).toEqual([...csvFile(gbk)]);
    expect([...csvFile(gbk, 3)].map((r) => r.cells)).toEqual([['客户名称'], ['测试公司']]);
  });

  it('reads tab-separated text and GBK', async () => {
    const tsv = await readAll(Buffer.from('客户名称\t电话\n甲公司\t0571-1\n'), 'a.csv');
    expect(tsv).toEqual({ headers: ['客户名称', '电话'], rows: [{ number: 2, cells: ['甲公司', '0571-1'] }] });
    const gbk = await readAll(Buffer.from('BFCDBBA7C3FBB3C60D0AB2E2CAD4B9ABCBBE0D0A', 'hex'), 'gbk.csv');
    expect(gbk).toEqual({ headers: ['客户名称'], rows: [{ number: 2, cells: ['测试公司'] }] });
  });

  it('reads the first worksheet of an XLSX: dates, numbers, rich text, formulas, empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '出生日期', '注册资本', '']);
    ws.addRow(['张三', new Date('1985-03-15T00:00:00Z'), 500]);
    ws.addRow([]);
    ws.getCell('A4').value = { richText: [{ text: '李' }, { text: '四' }] };
    ws.getCell('C4').value = { formula: '1+1', result: 2 };
    wb.addWorksheet('其他').addRow(['不读']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const streamed = await readAll(buf, 'a.xlsx');
    expect(streamed.headers).toEqual(['客户名称', '出生日期', '注册资本']);
    expect(streamed.rows).toEqual([
      { number: 2, cells: ['张三', '1985-03-15', '500'] },
      { number: 4, cells: ['李四', '', '2'] },
    ]);
  });

  it('fails on a file that is not a workbook', async () => {
    await expect(readAll(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]), 'x.xlsx')).rejects.toThrow();
  });
});
