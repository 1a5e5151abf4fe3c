import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness';
import { testDatabases } from '../test/db';
import { emailText, noticeRow } from './notifications';

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

  it('lists a service notice in the reader’s language, keeps the Chinese text stored, and old notices as written', async () => {
    const u = await h.user('bilingual', ['service_manager']);
    const { notifier, db } = h.kehu.ctx;
    const now = h.clock.now();
    // an old notice: finished Chinese text, no key
    await notifier.notify(db, { userId: u.userId, title: '旧通知', body: '旧内容' }, now);
    // the SLA breach notice, with the deadline kind as a nested message
    await notifier.notify(
      db,
      { userId: u.userId, key: 'notice.sla_breach', params: { code: 'SV202611230001', kind: { key: 'notice.due_kind.arrival' }, due: '11-23 10:20' }, link: '/service/orders/7' },
      now,
    );
    // the return-visit task: a translated title over a free-text body
    await notifier.notify(db, { userId: u.userId, key: 'notice.visit_task', params: { code: 'SV202611230002' }, body: '空调不制冷' }, now);
    // a bulk row as the scheduled jobs insert them
    await db
      .insertInto('notifications')
      .values(noticeRow({ userId: u.userId, key: 'notice.warranty_more', params: { count: 12 }, link: '/service/units' }, now.toISOString()))
      .execute();

    const stored = await db.selectFrom('notifications').selectAll().where('user_id', '=', u.userId).orderBy('id').execute();
    expect(stored.map((r) => [r.title, r.body, r.message_key])).toEqual([
      ['旧通知', '旧内容', null],
      ['工单超时：SV202611230001', '到场时限 11-23 10:20 已过，已自动升级', 'notice.sla_breach'],
      ['回访任务：SV202611230002', '空调不制冷', 'notice.visit_task'],
      ['另有 12 台机器保修即将到期', '详见各客户的时间线', 'notice.warranty_more'],
    ]);
    expect(JSON.parse(stored[1].params!)).toEqual({ code: 'SV202611230001', kind: { key: 'notice.due_kind.arrival' }, due: '11-23 10:20' });

    const texts = (items: { title: string; body: string | null }[]) => items.map((i) => [i.title, i.body]);
    const zh = (await u.get('/api/v1/notifications')).json();
    expect(texts(zh.items)).toEqual(stored.map((r) => [r.title, r.body]).reverse());
    const zhExplicit = (await u.get('/api/v1/notifications', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' })).json();
    expect(texts(zhExplicit.items)).toEqual(texts(zh.items));

    const en = (await u.get('/api/v1/notifications', { 'accept-language': 'en-US,en;q=0.9' })).json();
    expect(en.total).toBe(4);
    expect(texts(en.items)).toEqual([
      ['12 more units with the warranty ending', 'See the timeline of each customer'],
      ['Return visit due: SV202611230002', '空调不制冷'],
      ['Deadline missed: SV202611230001', 'The arrival deadline 11-23 10:20 has passed; the order was escalated automatically'],
      ['旧通知', '旧内容'],
    ]);
    expect(en.items[2].link).toBe('/service/orders/7');
  });

  it('e-mails a keyed notice in Chinese first, the English below', () => {
    const mail = emailText({ userId: 1, key: 'notice.sla_warning', params: { code: 'SV1', kind: { key: 'notice.due_kind.fix' }, due: '11-23 11:00' } });
    expect(mail.subject).toBe('即将超时：SV1');
    expect(mail.text).toBe('修复时限 11-23 11:00 到期\n\n——\nDeadline near: SV1\nThe repair deadline is 11-23 11:00');
    // a free-text body is not repeated
    expect(emailText({ userId: 1, key: 'notice.escalated', params: { code: 'SV2' }, body: '客户投诉' }).text).toBe('客户投诉\n\n——\nOrder escalated: SV2');
    expect(emailText({ userId: 1, title: '旧通知', body: '内容' })).toEqual({ subject: '旧通知', text: '内容' });
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

describe.each(testDatabases())('e-mail notices inside a transaction on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // SMTP configured (never reached: jobs do not run in tests), so a notice queues its e-mail
    h = await createHarness(kind, { config: { smtpUrl: 'smtp://127.0.0.1:2525' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('queues the e-mail in the caller’s transaction (no second connection), and not at all when it rolls back', async () => {
    const u = await h.user('mailed', ['account_manager']);
    await h.kehu.ctx.db.updateTable('users').set({ email: 'mailed@example.com' }).where('id', '=', u.userId).execute();
    const { db, notifier } = h.kehu.ctx;
    const mails = async () => (await db.selectFrom('jobs').select('payload').where('name', '=', 'send-email').execute()).map((j) => JSON.parse(j.payload!).to);
    await db.transaction().execute((trx) => notifier.notify(trx, { userId: u.userId, title: '投诉升级', email: true }, h.clock.now()));
    expect(await mails()).toEqual(['mailed@example.com']);
    await expect(
      db.transaction().execute(async (trx) => {
        await notifier.notify(trx, { userId: u.userId, title: '不会发出', email: true }, h.clock.now());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await mails()).toHaveLength(1);
  });
});
