import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness';
import { testDatabases } from '../test/db';

describe.each(testDatabases())('notifications and housekeeping on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists a user’s own notifications with an unread count and marks them read', async () => {
    const u = await h.user('notified', ['account_manager']);
    const other = await h.user('other', ['account_manager']);
    const { notifier } = h.kehu.ctx;
    await notifier.notify(h.kehu.ctx.db, { userId: u.userId, title: '客户等级已调整', link: '/customers/1' }, h.clock.now());
    await notifier.notify(h.kehu.ctx.db, { userId: u.userId, title: '新客户待审批' }, h.clock.now());
    await notifier.notify(h.kehu.ctx.db, { userId: other.userId, title: '别人的' }, h.clock.now());
    const list = (await u.get('/api/v1/notifications')).json();
    expect(list.total).toBe(2);
    expect(list.unread).toBe(2);
    expect(list.items[0].title).toBe('新客户待审批');
    await u.post('/api/v1/notifications/read', { ids: [list.items[0].id] });
    expect((await u.get('/api/v1/notifications')).json().unread).toBe(1);
    await u.post('/api/v1/notifications/read', { all: true });
    expect((await u.get('/api/v1/notifications')).json().unread).toBe(0);
    expect((await other.get('/api/v1/notifications')).json().unread).toBe(1);
  });

  it('housekeeping removes expired sessions at night', async () => {
    const u = await h.user('sleepy', ['account_manager']);
    await h.kehu.ctx.scheduler.start(3_600_000);
    await h.kehu.ctx.scheduler.stop();
    h.clock.advance(2 * 86_400_000);
    await h.kehu.ctx.scheduler.runDue();
    const left = await h.kehu.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.userId).execute();
    expect(left).toHaveLength(0);
  });
});
