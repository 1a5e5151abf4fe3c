// A streaming XLSX writer for large exports: one worksheet of text cells, written straight into a ZIP stream.
//
// ExcelJS builds an object per cell and spent ~27 µs a row on a 15-column export (2.7 s per 100,000 rows, half
// of the export's time). Here a row becomes one XML string, the sheet is deflated as it is written (zlib, level
// 3: most of the size gain for a third of level 6's time), and the ZIP uses data descriptors, so nothing waits
// for the whole file. Cells are inline strings (no shared-string table to hold in memory); the header row is
// frozen. Backpressure is honoured: `row()` resolves once the output can take more.
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

export interface XlsxColumn {
  header: string;
  width: number;
}

export type XlsxCell = string | number | null | undefined;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const FLUSH_AT = 256 * 1024; // characters of sheet XML gathered before they go to the compressor

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const NEEDS_ESCAPE = /[&<>"]/;

export function escapeXml(s: string): string {
  const clean = s.replace(INVALID_XML, '');
  if (!NEEDS_ESCAPE.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cellXml(ref: string, v: XlsxCell): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"><v>${v}</v></c>`;
  const s = escapeXml(String(v));
  const space = s !== s.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${s}</t></is></c>`;
}

// MS-DOS date and time of the entries (the ZIP format has no time zone; local time as archivers do)
function dosDateTime(d: Date): { time: number; date: number } {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
  const date = ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return { time, date };
}

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  csize: number;
  usize: number;
}

export class XlsxWriter {
  private readonly out: Writable;
  private readonly columns: XlsxColumn[];
  private readonly letters: string[];
  private readonly sheetName: string;
  private readonly stamp: { time: number; date: number };
  private readonly entries: Entry[] = [];
  private offset = 0;
  private rowNo = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private sheet: { entry: Entry; deflate: zlib.DeflateRaw; done: Promise<void> } | null = null;
  private closed = false;

  constructor(out: Writable, opts: { sheetName: string; columns: XlsxColumn[]; now?: Date }) {
    this.out = out;
    this.columns = opts.columns;
    this.letters = opts.columns.map((_, i) => columnLetter(i));
    this.sheetName = opts.sheetName;
    this.stamp = dosDateTime(opts.now ?? new Date());
    out.once('close', () => {
      this.closed = true;
      this.sheet?.deflate.destroy();
    });
  }

  /** Writes the package parts and opens the sheet with its header row. */
  async start(): Promise<void> {
    await this.small(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    );
    await this.small(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    await this.small(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${escapeXml(this.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await this.small(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    );

    const entry = this.open('xl/worksheets/sheet1.xml');
    const deflate = zlib.createDeflateRaw({ level: 3 });
    deflate.on('data', (chunk: Buffer) => {
      entry.csize += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const done = new Promise<void>((resolve) => {
      deflate.once('end', resolve);
      deflate.once('close', resolve);
      deflate.once('error', () => resolve()); // surfaces below as a closed output or a bad CRC, never unhandled
    });
    this.sheet = { entry, deflate, done };
    const cols = this.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    this.push(
      `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    );
    await this.row(this.columns.map((c) => c.header));
  }

  /** Adds one row; cells beyond the columns are ignored. */
  async row(values: XlsxCell[]): Promise<void> {
    const r = ++this.rowNo;
    let xml = `<row r="${r}">`;
    const n = Math.min(values.length, this.letters.length);
    for (let i = 0; i < n; i++) xml += cellXml(this.letters[i] + r, values[i]);
    this.push(xml + '</row>');
    if (this.pendingChars >= FLUSH_AT) await this.flush();
  }

  get rows(): number {
    return Math.max(this.rowNo - 1, 0);
  }

  /** Closes the sheet, writes the ZIP directory and ends the output. */
  async end(): Promise<void> {
    const sheet = this.sheet;
    if (!sheet) throw new Error('XlsxWriter.start() was not called');
    this.push('</sheetData></worksheet>');
    await this.flush();
    sheet.deflate.end();
    await sheet.done;
    if (this.closed) throw new Error('xlsx output closed');
    await this.descriptor(sheet.entry);

    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0808, 8); // data descriptor, UTF-8 names
      h.writeUInt16LE(8, 10); // deflate
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.entries.length, 8);
    eocd.writeUInt16LE(this.entries.length, 10);
    eocd.writeUInt32LE(this.offset - start, 12);
    eocd.writeUInt32LE(start, 16);
    await this.write(eocd);
    this.out.end();
  }

  private push(s: string) {
    this.pending.push(s);
    this.pendingChars += s.length;
  }

  private async flush() {
    const sheet = this.sheet!;
    if (this.pending.length === 0) return;
    if (this.closed) throw new Error('xlsx output closed');
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    sheet.entry.crc = zlib.crc32(buf, sheet.entry.crc);
    sheet.entry.usize += buf.length;
    if (!sheet.deflate.write(buf)) await this.drained(sheet.deflate);
    // keep at most a little compressed output queued in front of a slow client
    if (this.out.writableNeedDrain) await this.drained(this.out);
  }

  // resolves when the output can take more; throws once it is gone (the client went away)
  private async drained(stream: Writable) {
    if (this.closed) throw new Error('xlsx output closed');
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        if (this.closed) reject(new Error('xlsx output closed'));
        else resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }

  private open(name: string): Entry {
    const entry: Entry = { name: Buffer.from(name, 'utf8'), offset: this.offset, crc: 0, csize: 0, usize: 0 };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0808, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt16LE(entry.name.length, 26);
    this.out.write(Buffer.concat([h, entry.name]));
    this.offset += 30 + entry.name.length;
    this.entries.push(entry);
    return entry;
  }

  private async small(name: string, text: string) {
    const entry = this.open(name);
    const raw = Buffer.from(text, 'utf8');
    const packed = zlib.deflateRawSync(raw);
    entry.crc = zlib.crc32(raw);
    entry.usize = raw.length;
    entry.csize = packed.length;
    await this.write(packed);
    await this.descriptor(entry);
  }

  private async descriptor(e: Entry) {
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.csize, 8);
    d.writeUInt32LE(e.usize, 12);
    await this.write(d);
  }

  private async write(buf: Buffer) {
    if (this.closed) throw new Error('xlsx output closed');
    this.offset += buf.length;
    if (!this.out.write(buf)) await this.drained(this.out);
  }
}
