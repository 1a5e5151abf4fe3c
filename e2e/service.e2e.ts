// After-sales service through the real UI: a service agent takes a repair call for a customer's unit and
// dispatches it, the technician on a phone-sized screen books, travels, repairs and gets the customer's signature,
// the agent records the return visit, and the KPIs count the order.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../packages/server/src/db';
import { hashPassword } from '../packages/server/src/platform/passwords';
import { launch, shot, signIn } from './browser';
import { E2E } from './env';

const baseUrl = inject('baseUrl');
const TECH = { username: 'weixiu', password: 'Weixiu2026ok', name: '维修工程师老李' };
let browser: Browser;
let unitId = 0;
let orderId = 0;

/** Signs in through the API and returns a fetch that carries the session. */
async function apiAs(username: string, password: string) {
  const res = await fetch(baseUrl + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = String(res.headers.get('set-cookie')).split(';')[0]!;
  return (path: string, body?: unknown) =>
    fetch(baseUrl + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, 'x-requested-with': 'e2e', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

beforeAll(async () => {
  browser = await launch();
  // the customer through the API; the catalogue, an outlet covering the customer's district and its technician
  // straight in the server's database
  const ops = await apiAs(E2E.ops.username, E2E.ops.password);
  const created = await ops('/api/v1/customers', {
    type: 'enterprise',
    name: '宁波海曙制冷设备有限公司',
    phone: '0574-87654321',
    addresses: [{ type: 'office', provinceCode: '330000', cityCode: '330200', districtCode: '330203', street: '中山西路 88 号', postcode: '315000' }],
  });
  expect(created.status).toBe(201);
  const customerId = ((await created.json()) as { id: number }).id;

  const database = openDatabase({ dataDir: inject('dataDir') });
  const db = database.db;
  const now = new Date().toISOString();
  const stamps = { created_at: now, updated_at: now };
  const cat = await db.insertInto('product_categories').values({ code: 'e2e-aircon', name: '商用空调', warranty_months: 24, return_days: 7, exchange_days: 15, free_repairs_before_exchange: 2, ...stamps }).returning('id').executeTakeFirstOrThrow();
  const product = await db.insertInto('products').values({ model: 'KFR-72LW', name: '柜式空调', category_id: cat.id, list_price_fen: 899900, skill: 'aircon', ...stamps }).returning('id').executeTakeFirstOrThrow();
  const purchase = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const unit = await db.insertInto('product_units').values({ serial_no: 'E2E-SN-0001', product_id: product.id, customer_id: customerId, purchase_date: purchase, region_code: '330203', address: '中山西路 88 号', ...stamps }).returning('id').executeTakeFirstOrThrow();
  unitId = Number(unit.id);
  const root = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const team = await db.insertInto('org_units').values({ parent_id: root.id, name: '宁波服务中心', kind: 'team', sort: 0, ...stamps }).returning('id').executeTakeFirstOrThrow();
  const outlet = await db
    .insertInto('outlets')
    .values({ code: 'NB01', name: '宁波服务中心', kind: 'own', org_unit_id: team.id, region_code: '330203', service_types: JSON.stringify(['install', 'repair', 'maintenance']), skills: JSON.stringify(['aircon']), ...stamps })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('outlet_regions').values({ outlet_id: outlet.id, region_code: '330200', region_type: 'urban' }).execute();
  const tech = await db
    .insertInto('users')
    .values({ username: TECH.username, display_name: TECH.name, password_hash: await hashPassword(TECH.password), org_unit_id: team.id, disabled: 0, must_change_password: 0, failed_logins: 0, ...stamps })
    .returning('id')
    .executeTakeFirstOrThrow();
  const role = await db.selectFrom('roles').select('id').where('code', '=', 'technician').executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: tech.id, role_id: role.id }).execute();
  await db.insertInto('technicians').values({ user_id: tech.id, outlet_id: outlet.id, skills: JSON.stringify(['aircon']), certificates: '[]', ...stamps }).execute();
  await database.close();
});

afterAll(async () => {
  await browser?.close();
});

async function confirmAction(page: Page, action: string) {
  await page.getByTestId(`order-action-${action}`).click();
  await page.getByTestId('transition-ok').click();
  await page.getByTestId(`order-action-${action}`).waitFor({ state: 'detached' });
}

describe('after-sales service in the browser', () => {
  it('a service agent takes a repair call for the customer’s unit and dispatches it to the proposed technician', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.agent.username, E2E.agent.password);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/service/orders/new?unitId=${unitId}`);
    await page.getByText('宁波海曙制冷设备有限公司').first().waitFor();
    await page.getByTestId('order-description').fill('柜机不制冷，室外机异响');
    await shot(page, '40-service-intake');
    await page.getByTestId('order-submit').click();
    await page.waitForURL(/\/service\/orders\/\d+/);
    orderId = Number(/\/service\/orders\/(\d+)/.exec(page.url())![1]);
    await expect.poll(() => page.getByTestId('order-state').first().textContent()).toBe('已受理');
    await page.getByText('保内').first().waitFor();

    await page.getByTestId('order-action-dispatch').click();
    // the picker proposes the outlet covering 宁波 and its technician with the skill
    await page.getByTestId('dispatch-picker').getByText('宁波服务中心').first().waitFor();
    await page.getByTestId('dispatch-picker').getByText(TECH.name).first().waitFor();
    await shot(page, '41-service-dispatch');
    await page.getByTestId('transition-ok').click();
    await expect.poll(() => page.getByTestId('order-state').first().textContent()).toBe('已派工');
    await shot(page, '42-service-order-dispatched');
    await page.close();
  });

  it('the technician works the order on a phone: books, travels, repairs and completes it with the customer’s signature', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 780 }, isMobile: true, hasTouch: true });
    await signIn(page, TECH.username, TECH.password);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(baseUrl + '/service/my');
    await page.getByTestId('my-order-card').first().click();
    await page.waitForURL(/\/service\/my\/\d+/);
    await shot(page, '43-service-phone-order');

    await page.getByTestId('order-action-schedule').click();
    const from = new Date(Date.now() + 2 * 3_600_000);
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByTestId('schedule-from').fill(local(from));
    await page.getByTestId('schedule-to').fill(local(new Date(from.getTime() + 2 * 3_600_000)));
    await page.getByTestId('transition-ok').click();
    await page.getByTestId('order-action-depart').waitFor();
    await confirmAction(page, 'depart');
    await confirmAction(page, 'arrive');
    await page.getByTestId('order-action-start').click();
    await page.getByTestId('transition-diagnosis').fill('室外风机电容失效');
    await page.getByTestId('transition-ok').click();
    await page.getByTestId('order-action-complete').waitFor();

    await page.getByTestId('order-action-complete').click();
    await page.getByTestId('transition-resolution').fill('更换风机电容，试机制冷正常，已讲解保养方法');
    await page.getByTestId('transition-signed-by').fill('陈经理');
    const pad = page.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? -15 : 15));
    await page.mouse.up();
    await shot(page, '44-service-phone-signature');
    await page.getByTestId('transition-ok').click();
    await page.getByTestId('order-action-complete').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('order-state').first().textContent()).toBe('已完工');
    // the phone view fits the screen: nothing scrolls sideways
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(380);
    await shot(page, '45-service-phone-completed');
    await page.close();
  });

  it('the agent records the return visit, and the KPIs count the order', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.agent.username, E2E.agent.password);
    await page.waitForURL(/\/customers/);
    await page.goto(`${baseUrl}/service/orders/${orderId}?tab=visit`);
    const form = page.getByTestId('visit-form');
    await form.waitFor();
    for (const q of ['onTime', 'solved', 'feesOk']) await form.getByTestId(`visit-${q}`).getByText('是').click();
    await form.getByTestId('visit-misconduct').getByText('否').click();
    await form.getByTestId('visit-attitude').locator('li').nth(4).click();
    await form.getByTestId('visit-rating').locator('li').nth(4).click();
    await form.getByTestId('visit-comment').fill('师傅准时，很专业');
    await shot(page, '46-service-return-visit');
    await page.getByTestId('visit-submit').click();
    await expect.poll(() => page.getByTestId('order-state').first().textContent()).toBe('已回访');
    await shot(page, '47-service-order-visited');
    await page.getByRole('tab', { name: '客户签字' }).click();
    await page.getByTestId('order-signature').waitFor();
    expect(await page.getByTestId('order-signature').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.close();

    const mgr = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(mgr, E2E.ops.username, E2E.ops.password);
    await mgr.waitForURL(/\/customers/);
    await mgr.goto(baseUrl + '/service/kpis');
    const row = mgr.locator('.ant-table-row', { hasText: TECH.name });
    await row.waitFor();
    // completed 1, first-time fix 100 %, mean rating 5
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(1, 3)).toEqual(['1', '100.0%']);
    await mgr.getByText('回访平均评分').first().waitFor();
    await shot(mgr, '48-service-kpis');
    await mgr.close();
  });
});
