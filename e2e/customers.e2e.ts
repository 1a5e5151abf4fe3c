// The customer file through the real UI: first sign-in, create, find by pinyin initials, masked phone for an agent.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, shot, signIn } from './browser';
import { E2E } from './env';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('customer file in the browser', () => {
  let customerId = 0;

  it('admin signs in, is made to change the first password, and reaches the customer list', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(baseUrl + '/');
    await page.waitForURL(/\/login/);
    await page.getByText('客户管理·售后服务系统').waitFor();
    await shot(page, '01-login');
    // the English switch, and back to Chinese
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Kehu · Sign in').waitFor();
    await shot(page, '01-login-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('客户管理·售后服务系统').waitFor();

    await signIn(page, 'admin', E2E.adminPassword);
    await page.waitForURL(/\/password/);
    await page.getByText('首次登录，请先修改密码').waitFor();
    await page.locator('#currentPassword').fill(E2E.adminPassword);
    await page.locator('#newPassword').fill(E2E.adminNewPassword);
    await page.locator('#confirm').fill(E2E.adminNewPassword);
    await shot(page, '02-change-password');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/customers$/);
    await page.getByRole('heading', { name: '客户列表' }).waitFor();
    await page.close();
  });

  it('creates an enterprise customer through the form', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, 'admin', E2E.adminNewPassword);
    await page.waitForURL(/\/customers/);
    await page.goto(baseUrl + '/customers/new');
    await page.locator('#name').fill('杭州西湖电器有限公司');
    await page.locator('#shortName').fill('西湖电器');
    await page.locator('#phone').fill('13812345678');
    await shot(page, '03-customer-form');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/customers\/\d+$/);
    customerId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(customerId).toBeGreaterThan(0);
    await page.getByText(/KH\d{8}-\d{4}/).first().waitFor();
    await shot(page, '04-customer-detail');
    await page.close();
  });

  it('finds the customer by its pinyin initials', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, 'admin', E2E.adminNewPassword);
    await page.waitForURL(/\/customers/);
    const box = page.getByPlaceholder('搜索名称、拼音、首字母、电话、编号');
    await box.fill('xhdq');
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/customers?') && r.url().includes('q=xhdq'));
    await box.press('Enter');
    await page.waitForURL(/q=xhdq/);
    await answered;
    // the list shown before the search may still be on screen: wait for the search's own rows
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('.ant-table-row', { hasText: '杭州西湖电器有限公司' }).waitFor();
    await shot(page, '05-search-initials');

    // a query that matches nothing empties the table
    await box.fill('zzzzqqq');
    await box.press('Enter');
    await page.locator('.ant-table-placeholder').waitFor();
    await page.close();
  });

  it('adds a note, and shows notes and the timeline in the reader’s language', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, 'admin', E2E.adminNewPassword);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/customers/${customerId}`);
    await page.getByRole('tab', { name: '备注' }).click();
    await page.getByPlaceholder('记录与客户有关的事项…').fill('客户要求下周回访');
    await page.getByRole('button', { name: '添加备注' }).click();
    const notesPane = page.getByRole('tabpanel');
    await notesPane.getByText('客户要求下周回访').waitFor();
    expect(await notesPane.getByText('建档', { exact: true }).count()).toBe(0); // the notes tab holds notes only
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.getByRole('tabpanel').getByText('建档', { exact: true }).waitFor();

    await page.evaluate("localStorage.setItem('kehu.lang', 'en-US')");
    await page.reload();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByRole('tabpanel');
    await timeline.getByText('Customer file opened').waitFor();
    await timeline.getByText('Note', { exact: true }).waitFor();
    expect(await timeline.getByText('建档', { exact: true }).count()).toBe(0);
    await shot(page, '06-timeline-en');
    await page.evaluate("localStorage.setItem('kehu.lang', 'zh-CN')");
    await page.close();
  });

  it('shows a 客服专员 the phone masked', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.agent.username, E2E.agent.password);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/customers/${customerId}`);
    await page.getByText('138****5678').first().waitFor();
    expect(await page.getByText('13812345678').count()).toBe(0);
    await shot(page, '06-agent-masked-phone');
    await page.close();
  });
});
