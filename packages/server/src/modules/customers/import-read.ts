// Reads an uploaded XLSX or CSV row by row (the same rules as parseSpreadsheet in import-parse.ts), so that a
// 100,000-row import never holds the whole sheet in memory: headers first, then each non-blank row with its
// row number in the spreadsheet.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, decodeText } from './import-parse';

export interface SheetRow {
  /** the row's number as a spreadsheet program shows it (the header row is usually 1) */
  number: number;
  cells: string[];
}

export interface OpenSheet {
  headers: string[];
  rows: AsyncGenerator<SheetRow>;
}


/** CSV records one at a time (quoted cells may hold commas and line breaks); the delimiter is , or tab. */
function* csvRecords(text: string): Generator<SheetRow> {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delim = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let row: string[] = [];
  let start = 0; // start of the current unquoted cell
  let cell: string | null = null; // the current cell when it is quoted
  let number = 1; // a record is one row in a spreadsheet program, even with line breaks inside quotes
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */ && cell === null && i === start) {
      // a quoted cell: read to the closing quote, "" is a quote
      let j = i + 1;
      let out = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          out += text.slice(j);
          j = n;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      cell = out;
      i = j;
      // anything after the closing quote up to the delimiter belongs to the cell, as Excel reads it
      start = i;
      continue;
    }
    if (text[i] === delim) {
      row.push((cell ?? '') + text.slice(start, i));
      cell = null;
      start = i + 1;
      i++;
      continue;
    }
    if (ch === 10 || ch === 13) {
      row.push((cell ?? '') + text.slice(start, i));
      cell = null;
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      start = i;
      yield { number: number++, cells: row };
      row = [];
      continue;
    }
    i++;
  }
  if (cell !== null || start < n || row.length) {
    row.push((cell ?? '') + text.slice(start, n));
    yield { number, cells: row };
  }
}

async function* xlsxStreamed(buf: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // dates are numbers with a date format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = r.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
      yield { number: r.number, cells };
    }
    return; // the first worksheet only
  }
}

/** The whole workbook in memory, as parseSpreadsheet reads it. */
async function* xlsxLoaded(buf: Buffer): AsyncGenerator<SheetRow> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.worksheets[0];
  if (!ws) return;
  const width = ws.columnCount;
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(r.getCell(c).value));
    rows.push({ number: r.number, cells });
  });
  yield* rows;
}

/**
 * XLSX rows streamed; exceljs's streaming reader now and then fails before the first row (it meets a worksheet
 * before the workbook part it needs), so then the workbook is read whole instead.
 */
async function* xlsxRecords(buf: Buffer): AsyncGenerator<SheetRow> {
  let started = false;
  try {
    for await (const r of xlsxStreamed(buf)) {
      started = true;
      yield r;
    }
  } catch (err) {
    if (started) throw err;
    yield* xlsxLoaded(buf);
  }
}

const blank = (cells: string[]) => cells.every((c) => !c || c.trim() === '');

/** Opens a file: reads up to the header row and hands back the data rows as a generator. */
export async function openSheet(buf: Buffer, filename: string): Promise<OpenSheet> {
  const records: AsyncGenerator<SheetRow> | Generator<SheetRow> = /\.xlsx$/i.test(filename) ? xlsxRecords(buf) : csvRecords(decodeText(buf));
  let head: SheetRow | undefined;
  for (;;) {
    const r = await records.next();
    if (r.done) break;
    if (!blank(r.value.cells)) {
      head = r.value;
      break;
    }
  }
  const headers = (head?.cells ?? []).map((h, i) => h.trim() || `列${i + 1}`);
  while (headers.length && /^列\d+$/.test(headers[headers.length - 1]) && !(head?.cells[headers.length - 1] ?? '').trim()) headers.pop();
  async function* rows(): AsyncGenerator<SheetRow> {
    for (;;) {
      const r = await records.next();
      if (r.done) return;
      if (blank(r.value.cells)) continue;
      const cells = r.value.cells;
      yield { number: r.value.number, cells: headers.map((_, i) => (cells[i] ?? '').trim()) };
    }
  }
  return { headers, rows: rows() };
}
