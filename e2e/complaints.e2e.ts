// Complaint handling through the real UI: a customer files a complaint on the public page (phone-sized), an agent
// classifies, assigns and resolves it, replying from a template, the customer confirms through the private link,
// and the daily report for the day counts it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, shot, signIn } from './browser';
import { E2E } from './env';

const baseUrl = inject('baseUrl');
let browser: Browser;
let code = '';
let trackingUrl = '';
let complaintId = 0;

beforeAll(async () => {
  browser = await launch();
  // the customer is on file with the phone she will type: the public page links her complaint to her
  const login = await fetch(baseUrl + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(E2E.ops) });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  const created = await fetch(baseUrl + '/api/v1/customers', {
    method: 'POST',
    headers: { cookie, 'x-requested-with': 'e2e', 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'individual', name: '孟丽华', phone: '13966668888' }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

/** Picks an option of an antd Select / TreeSelect opened by clicking `trigger`. */
async function choose(page: Page, trigger: string, option: string) {
  await page.getByTestId(trigger).click();
  await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).first().click();
  // the dropdown closes before the next click lands (else it swallows the click on the dialog's OK)
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** Runs one action of the complaint's life cycle through its dialog. */
async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>) {
  await page.getByTestId(`complaint-action-${action}`).click();
  const dialog = page.getByTestId(`complaint-dialog-${action}`);
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await page.getByTestId('complaint-action-ok').click();
  await dialog.waitFor({ state: 'detached' });
}

const localDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('complaint handling in the browser', () => {
  it('a customer files a complaint on the public page without logging in and gets a tracking number and link', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 780 }, isMobile: true, hasTouch: true });
    await page.goto(baseUrl + '/complain');
    const form = page.getByTestId('portal-form');
    await form.waitFor();
    await form.locator('#name').fill('孟女士');
    await form.locator('#phone').fill('13966668888');
    await form.locator('#content').fill('新买的洗碗机第三天就漏水，厨房地面全湿了，要求上门维修并给个说法。');
    await form.locator('.ant-checkbox-wrapper', { hasText: '维修' }).click();
    // the human check: a small sum in words
    const label = (await form.getByText(/等于几/).first().textContent())!;
    const [, a, op, b] = /(\d+)\s*(加|减)\s*(\d+)/.exec(label)!;
    await page.getByTestId('portal-answer').fill(String(op === '加' ? Number(a) + Number(b) : Number(a) - Number(b)));
    await shot(page, '50-complaint-public-form');
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-done').waitFor();
    code = (await page.getByTestId('portal-code').textContent())!.trim();
    expect(code).toMatch(/^TS\d{8}-\d{4}$/);
    trackingUrl = (await page.getByTestId('portal-link').textContent())!.trim();
    expect(trackingUrl).toContain('/complaint/');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(380);
    await shot(page, '51-complaint-public-done');
    await page.close();
  });

  it('an agent classifies, assigns and resolves it, replying from a template', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.agent.username, E2E.agent.password);
    await page.waitForURL(/\/customers/);
    await page.goto(baseUrl + '/complaints');
    const row = page.locator('.ant-table-row', { hasText: code });
    await row.waitFor();
    await shot(page, '52-complaint-list');
    await row.getByText(code).click();
    await page.waitForURL(/\/complaints\/\d+$/);
    complaintId = Number(/\/complaints\/(\d+)$/.exec(page.url())![1]);

    // linked to the customer on file by her phone number, with what she asked for
    await page.getByText('孟丽华').first().waitFor();
    await expect.poll(() => page.locator('tr', { hasText: '客户要求' }).first().textContent()).toContain('维修');
    await act(page, 'classify', async () => {
      await choose(page, 'dialog-category', '产品质量');
    });
    await act(page, 'assign', async () => {
      await choose(page, 'dialog-department', '总公司');
      await choose(page, 'dialog-owner', '客服小王');
    });
    await act(page, 'accept');

    // the reply from a template: apology and reply fill the text, placeholders filled in
    await page.getByTestId('complaint-reply').click();
    await choose(page, 'reply-template', (await firstTemplateTitle(page))!);
    const text = page.getByTestId('reply-text');
    await expect.poll(async () => (await text.inputValue()).length).toBeGreaterThan(20);
    expect(await text.inputValue()).not.toMatch(/\{(customer|code|handler)\}/);
    await shot(page, '53-complaint-reply-template');
    await page.getByTestId('reply-ok').click();
    await page.getByTestId('reply-text').waitFor({ state: 'detached' });

    await act(page, 'propose', async (dialog) => {
      await dialog.getByText('维修', { exact: true }).first().click();
      await page.getByTestId('dialog-solution').fill('明天上门更换进水阀并检查管路，免收费用');
    });
    await act(page, 'accept_solution');
    await act(page, 'resolve', async () => {
      await page.getByTestId('dialog-resolution').fill('已上门更换进水阀，试机无渗漏，地面已清理');
    });
    await expect.poll(() => page.getByTestId('complaint-state').first().textContent()).toBe('已解决');
    await shot(page, '54-complaint-resolved');
    await page.close();
  });

  it('the customer confirms the outcome through the private link', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 780 }, isMobile: true, hasTouch: true });
    await page.goto(trackingUrl);
    await page.getByTestId('portal-track').waitFor();
    await page.getByTestId('portal-resolution').getByText('已上门更换进水阀').waitFor();
    await page.getByTestId('portal-replies').getByText(code).first().waitFor();
    await page.getByTestId('portal-confirm').getByText('满意', { exact: true }).click();
    await shot(page, '55-complaint-customer-confirm');
    await page.getByTestId('portal-confirm-submit').click();
    await page.getByTestId('portal-confirm').waitFor({ state: 'detached' });
    await shot(page, '56-complaint-customer-confirmed');
    await page.close();

    const agent = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(agent, E2E.agent.username, E2E.agent.password);
    await agent.waitForURL(/\/customers/);
    await agent.goto(`${baseUrl}/complaints/${complaintId}`);
    await expect.poll(() => agent.getByTestId('complaint-state').first().textContent()).toBe('客户已确认');
    await agent.close();
  });

  it('the daily report of the day counts it (the morning job stores this same report for the day before)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.ops.username, E2E.ops.password);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/complaints/reports/daily?day=${localDay()}`);
    await page.getByTestId('complaint-daily').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('fig-new').textContent())).toBeGreaterThanOrEqual(1);
    const line = page.getByTestId('daily-line').filter({ hasText: code });
    await line.waitFor();
    expect(await line.textContent()).toContain('产品质量');
    await shot(page, '57-complaint-daily-report');
    await page.goto(`${baseUrl}/complaints/reports/analysis`);
    await page.locator('canvas').first().waitFor();
    await shot(page, '58-complaint-analysis');
    await page.close();
  });

  it("a browser in another time zone still opens the report of the company's yesterday", async () => {
    // the server keeps Asia/Shanghai (UTC+8); of Kiritimati (UTC+14) and Pago Pago (UTC−11) one is always on another date
    const dayIn = (timeZone: string, at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
    const zone = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'].find((z) => dayIn(z) !== localDay())!;
    const context = await browser.newContext({ timezoneId: zone, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, E2E.ops.username, E2E.ops.password);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/complaints/reports/daily`);
    await page.getByTestId('complaint-daily').waitFor();
    const yesterday = dayIn('Asia/Shanghai', new Date(Date.now() - 86_400_000));
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
    expect(await page.getByTestId('daily-day').inputValue()).toBe(yesterday);
    await context.close();
  });
});

/** The title of the first reply template offered in the open reply dialog. */
async function firstTemplateTitle(page: Page): Promise<string | null> {
  await page.getByTestId('reply-template').click();
  const first = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
  await first.waitFor();
  const title = await first.getAttribute('title');
  await page.keyboard.press('Escape');
  return title ?? (await first.textContent());
}
