// Reads an uploaded XLSX or CSV row by row, so that a 100,000-row import never holds the whole sheet in memory:
// headers first, then each non-blank row with its row number in the spreadsheet. Customer and catalogue imports
// both read their files here.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { isUtf8 } from 'node:buffer';
import { cellText } from './import-parse';

export interface SheetRow {
  /** the row's number as a spreadsheet program shows it (the header row is usually 1) */
  number: number;
  cells: string[];
}

export interface OpenSheet {
  headers: string[];
  rows: AsyncGenerator<SheetRow>;
}


/** The delimiter of a CSV file from its first line: tab when it has more tabs than commas, else comma. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  return (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
}

/**
 * The complete CSV records of `text` (quoted cells may hold commas and line breaks), numbered from `first`. When
 * more text follows (`final` false), a record without its line break yet (a quoted cell still open, a CR that may be
 * half of a CRLF) is not yielded: `tail.at` is where it begins, to be read again with the next text.
 */
function* csvRecords(text: string, delim: string, first: number, final: boolean, tail: { at: number }): Generator<SheetRow> {
  let row: string[] = [];
  let recordStart = 0;
  let start = 0; // start of the current unquoted cell
  let cell: string | null = null; // the current cell when it is quoted
  let number = first; // a record is one row in a spreadsheet program, even with line breaks inside quotes
  let i = 0;
  const n = text.length;
  tail.at = n;
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
      // a CR at the very end may be the first half of a CRLF
      if (ch === 13 && !final && i + 1 >= n) break;
      row.push((cell ?? '') + text.slice(start, i));
      cell = null;
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      start = i;
      recordStart = i;
      yield { number: number++, cells: row };
      row = [];
      continue;
    }
    i++;
  }
  if (!final) {
    tail.at = recordStart;
    return;
  }
  if (cell !== null || start < n || row.length) {
    row.push((cell ?? '') + text.slice(start, n));
    yield { number, cells: row };
  }
}

/**
 * A CSV file's records, decoded a slice at a time (UTF-8 with or without BOM, else GB18030 as Excel in China saves
 * it): the file is never one string in memory — 100,000 rows were a 22 MB string that the whole dry run kept alive.
 */
export function* csvFile(buf: Buffer, chunkBytes = 1 << 20): Generator<SheetRow> {
  const decoder = new TextDecoder(isUtf8(buf) ? 'utf-8' : 'gb18030'); // the UTF-8 decoder drops a BOM
  let delim: string | null = null;
  let carry = '';
  let next = 1;
  const tail = { at: 0 };
  for (let off = 0; ; off += chunkBytes) {
    const final = off + chunkBytes >= buf.length;
    const text = carry + decoder.decode(buf.subarray(off, Math.min(off + chunkBytes, buf.length)), { stream: !final });
    // the first line decides the delimiter, once it is all there
    if (delim === null && (final || text.includes('\n'))) delim = delimiterOf(text);
    if (delim !== null) {
      for (const r of csvRecords(text, delim, next, final, tail)) {
        next = r.number + 1;
        yield r;
      }
      carry = text.slice(tail.at);
    } else carry = text;
    if (final) return;
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

/** The whole workbook in memory: the fallback when the streaming reader cannot start. */
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
  const records: AsyncGenerator<SheetRow> | Generator<SheetRow> = /\.xlsx$/i.test(filename) ? xlsxRecords(buf) : csvFile(buf);
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
