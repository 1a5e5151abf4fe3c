import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, escapeXml, XlsxWriter } from './xlsx-writer';

function collect() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c);
      cb();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function read(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('streaming XLSX writer', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('A&B <c> "d"')).toBe('A&amp;B &lt;c&gt; &quot;d&quot;');
    expect(escapeXml('a\u0000b\u0008c\td\ne')).toBe('abc\td\ne');
  });

  it('writes a workbook that a spreadsheet reader opens: header, text, numbers, blanks, spaces kept', async () => {
    const { out, bytes } = collect();
    const x = new XlsxWriter(out, { sheetName: '客户', columns: [{ header: '客户名称', width: 30 }, { header: '数量', width: 8 }, { header: '备注', width: 20 }] });
    await x.start();
    await x.row(['西湖电器 <有限> & "公司"', 3, null]);
    await x.row([' 前后空格 ', undefined, '第三列\u0001']);
    for (let i = 0; i < 5000; i++) await x.row([`客户${i}`, i, '']);
    await x.end();
    expect(x.rows).toBe(5002);
    const ws = await read(bytes());
    expect(ws.name).toBe('客户');
    expect(ws.rowCount).toBe(5003);
    expect(ws.getRow(1).values).toEqual([undefined, '客户名称', '数量', '备注']);
    expect(ws.getRow(2).values).toEqual([undefined, '西湖电器 <有限> & "公司"', 3]);
    expect(ws.getRow(3).getCell(1).value).toBe(' 前后空格 ');
    expect(ws.getRow(3).getCell(2).value).toBeNull();
    expect(ws.getRow(3).getCell(3).value).toBe('第三列');
    expect(ws.getRow(5003).values).toEqual([undefined, '客户4999', 4999]);
    expect(ws.getColumn(1).width).toBe(30);
  });

  it('waits for a slow reader and stops with an error when the output goes away', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const x = new XlsxWriter(out, { sheetName: 'S', columns: [{ header: 'h', width: 10 }] });
    await x.start();
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 200_000; i++) {
        await x.row([`row ${i} ${Math.random()}`]);
        written++;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const stalled = written;
    expect(stalled).toBeLessThan(200_000); // nobody reads: the writer waits
    out.destroy();
    await expect(writing).rejects.toThrow(/closed/);
  });
});
