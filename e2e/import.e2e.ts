// Customer import through the real UI: an XLSX with one bad row gets a row report and cannot be committed; fixed, it imports whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withCreditCodeCheck } from '@kehu/shared';
import { launch, shot, signIn } from './browser';
import { E2E } from './env';

const baseUrl = inject('baseUrl');
let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-import-'));

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function workbook(file: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户名称', '客户类型', '手机', '统一社会信用代码', '客户等级']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path.join(dir, file));
  return path.join(dir, file);
}

async function signInAsOps(page: Page) {
  await signIn(page, E2E.ops.username, E2E.ops.password);
  await page.waitForURL(/\/customers/);
}

async function uploadAndCheck(page: Page, file: string) {
  await page.goto(baseUrl + '/customers/import');
  await page.locator('[data-testid=import-dropzone] input[type=file]').setInputFiles(file);
  await page.getByTestId('import-mapping-step').waitFor();
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-check-step').waitFor();
}

const good1 = ['宁波东海制冷设备有限公司', '企业', '13957411111', withCreditCodeCheck('91330203MA2AAAAA1')];
const good2 = ['温州瓯江净水器经营部', '企业', '13957422222', withCreditCodeCheck('91330302MA2BBBBB2')];

describe('customer import in the browser', () => {
  it('reports the bad row of an XLSX with its reason and refuses to commit', async () => {
    const file = await workbook('one-bad-row.xlsx', [
      [...good1, 'B'],
      ['台州坏数据有限公司', '企业', '13957433333', '91330000ABCDEFGH12', 'C'],
      [...good2, 'C'],
    ]);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInAsOps(page);
    await page.goto(baseUrl + '/customers/import');
    await shot(page, '20-import-upload');
    await uploadAndCheck(page, file);
    const errors = page.getByTestId('import-error-table');
    const badRow = errors.locator('.ant-table-row', { hasText: '统一社会信用代码' });
    await badRow.waitFor();
    expect(await errors.locator('.ant-table-row').count()).toBe(1);
    expect(await badRow.locator('td').first().innerText()).toBe('3'); // the sheet's row number, header = 1
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await shot(page, '21-import-row-report');

    // the error workbook carries the reason beside the row
    const href = await page.getByTestId('import-download-errors').getAttribute('href');
    const res = await page.request.get(baseUrl + href);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as never);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => cells.push(row.values!.toString()));
    expect(cells.some((c) => c.includes('台州坏数据有限公司') && c.includes('统一社会信用代码'))).toBe(true);

    // nothing was written
    const list = await page.evaluate(async () => {
      const body = (await (await fetch('/api/v1/customers?q=' + encodeURIComponent('东海制冷'))).json()) as { total: number };
      return body.total;
    });
    expect(list).toBe(0);
    await page.close();
  });

  it('imports the corrected file whole, with progress, and the customers are searchable', async () => {
    const file = await workbook('fixed.xlsx', [
      [...good1, 'B'],
      [...good2, 'C'],
    ]);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInAsOps(page);
    await uploadAndCheck(page, file);
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    await shot(page, '22-import-done');
    await page.getByTestId('import-go-list').click();
    const box = page.getByPlaceholder('搜索名称、拼音、首字母、电话、编号');
    await box.fill('ojjsq');
    await box.press('Enter');
    await page.locator('.ant-table-row', { hasText: '温州瓯江净水器经营部' }).waitFor();
    await page.close();
  });
});
