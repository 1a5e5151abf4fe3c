// The customer-import contract (客户导入): upload → column mapping → dry run → all-or-nothing commit.
import { z } from 'zod';

export const IMPORT_STATUSES = ['uploaded', 'validated', 'running', 'done', 'failed'] as const;
export type TImportStatus = (typeof IMPORT_STATUSES)[number];

/** Dry run: which import field each column of the file maps to (null = ignore the column). */
export const ZImportDryRun = z.strictObject({
  mapping: z.record(z.string().max(200), z.string().max(40).nullable()),
  /** skip rows that look like an existing customer instead of importing them anyway */
  skipDuplicates: z.boolean().optional(),
});
export type TImportDryRun = z.infer<typeof ZImportDryRun>;

export interface TImportField {
  key: string;
  zh: string;
  en: string;
}

/** One problem of one row; `field` is an import field key, `column` the file's header it came from. */
export interface TImportProblem {
  field: string;
  column: string | null;
  code: string;
  message: { 'zh-CN': string; 'en-US': string };
}

export interface TImportRowError {
  /** the row number in the spreadsheet (the header is row 1) */
  row: number;
  problems: TImportProblem[];
}

export interface TImportDuplicateMatch {
  id: number;
  code: string;
  name: string;
  reasons: ('creditCode' | 'phone' | 'name')[];
}

/** A row that looks like an existing customer or repeats an earlier row (a warning: imported, unless skipDuplicates skips look-alikes of existing customers). */
export interface TImportWarning {
  row: number;
  name: string;
  matches: TImportDuplicateMatch[];
  /** an earlier row of the same file with the same credit code, ID number or normalised name */
  earlierRow: number | null;
}

export interface TImportState {
  id: number;
  filename: string;
  status: TImportStatus;
  headers: string[];
  mapping: Record<string, string | null>;
  skipDuplicates: boolean;
  totalRows: number;
  /** rows written so far while committing */
  processedRows: number;
  /** rows to be written by the commit (total minus skipped duplicates) */
  commitRows: number;
  okRows: number;
  errorRows: number;
  warningRows: number;
  createdAt: string;
  finishedAt: string | null;
  /** set when a commit failed: the problem code */
  failure: string | null;
  version: number;
}

export interface TImportUpload extends TImportState {
  fields: TImportField[];
  /** the first rows of the file, cell by cell in header order */
  sample: string[][];
}

export interface TImportReport {
  errors: TImportRowError[];
  warnings: TImportWarning[];
  /** the lists hold at most this many entries; the XLSX error report has all */
  limit: number;
}

export type TImportDryRunResult = TImportState & { report: TImportReport };
