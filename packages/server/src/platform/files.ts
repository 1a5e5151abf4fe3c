// Files under DATA_DIR/files: attachments and uploaded imports. Type and size are checked on upload.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

/** Allowed attachment types: extension → mime, checked together with the file's first bytes. */
export const ALLOWED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  doc: 'application/msword',
};

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 4).toString() === '%PDF',
  png: (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8,
  gif: (b) => b.subarray(0, 3).toString() === 'GIF',
  webp: (b) => b.subarray(8, 12).toString() === 'WEBP',
  xlsx: (b) => b[0] === 0x50 && b[1] === 0x4b,
  docx: (b) => b[0] === 0x50 && b[1] === 0x4b,
  xls: (b) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
  doc: (b) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
  txt: (b) => !b.subarray(0, 512).includes(0),
  csv: (b) => !b.subarray(0, 512).includes(0),
};

export function checkFileType(filename: string, head: Buffer, allowed: string[] = Object.keys(ALLOWED_TYPES)): string {
  const ext = path.extname(filename).slice(1).toLowerCase();
  if (!allowed.includes(ext) || !ALLOWED_TYPES[ext] || !(MAGIC[ext]?.(head) ?? false)) {
    throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
  }
  return ALLOWED_TYPES[ext];
}

export class FileStore {
  constructor(private readonly root: string) {}

  async save(data: Buffer): Promise<{ key: string; sha256: string; size: number }> {
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    const now = new Date();
    const dir = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const key = `${dir}/${crypto.randomUUID()}`;
    await fs.promises.mkdir(path.join(this.root, dir), { recursive: true });
    await fs.promises.writeFile(path.join(this.root, key), data);
    return { key, sha256, size: data.length };
  }

  pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new AppError(400, 'VALIDATION_FAILED');
    return p;
  }

  read(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(key));
  }

  stream(key: string) {
    return fs.createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
