// Administration through the real UI: create a user with a role, the user's forced first sign-in, the audit log.
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

describe('administration in the browser', () => {
  it('an administrator creates a customer manager, who must set a password and sees no admin menu', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.ops.username, E2E.ops.password);
    await page.waitForURL(/\/customers/);
    await page.goto(baseUrl + '/admin/users');
    await page.getByRole('button', { name: /新建用户/ }).click();
    const modal = page.locator('.ant-modal');
    await modal.locator('#username').fill('jingli2');
    await modal.locator('#displayName').fill('钱经理');
    await modal.locator('#roleIds').click();
    await page.locator('.ant-select-item-option', { hasText: '客户经理' }).click();
    await modal.locator('#password').fill('Temp2026a');
    await shot(page, '10-admin-new-user');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-table-row', { hasText: 'jingli2' }).waitFor();
    await shot(page, '11-admin-users');
    await page.close();

    const mgr = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(mgr, 'jingli2', 'Temp2026a');
    await mgr.waitForURL(/\/password/);
    await mgr.locator('#currentPassword').fill('Temp2026a');
    await mgr.locator('#newPassword').fill('Qian2026ok');
    await mgr.locator('#confirm').fill('Qian2026ok');
    await mgr.locator('button[type=submit]').click();
    await mgr.waitForURL(/\/customers$/);
    await mgr.getByRole('heading', { name: '客户列表' }).waitFor();
    expect(await mgr.getByText('系统管理').count()).toBe(0);
    // the server refuses the admin API to this role too, not just the menu
    const status = await mgr.evaluate(async () => (await fetch('/api/v1/users')).status);
    expect(status).toBe(403);
    await mgr.close();
  });

  it('shows the user creation in the audit log and the roles with their permissions', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, E2E.ops.username, E2E.ops.password);
    await page.waitForURL(/\/customers/);
    await page.goto(baseUrl + '/admin/audit');
    await page.locator('.ant-table-row', { hasText: 'jingli2' }).first().waitFor();
    await shot(page, '12-admin-audit');
    await page.goto(baseUrl + '/admin/roles');
    await page.locator('.ant-table-row', { hasText: '客服专员' }).waitFor();
    await shot(page, '13-admin-roles');
    await page.close();
  });
});
