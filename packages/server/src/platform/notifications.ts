// Notifications: an in-app list per user, and e-mail through SMTP when configured (sent by a job).
import nodemailer from 'nodemailer';
import type { Db, Tx } from '../db';
import type { Scheduler } from './jobs';

export interface Notice {
  userId: number;
  title: string;
  body?: string;
  link?: string;
  email?: boolean;
}

export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly scheduler: Scheduler,
    private readonly smtp: { url?: string; from: string },
  ) {
    scheduler.register('send-email', async (p) => {
      const { to, subject, text } = p as { to: string; subject: string; text: string };
      if (!this.smtp.url) return;
      const transport = nodemailer.createTransport(this.smtp.url);
      await transport.sendMail({ from: this.smtp.from, to, subject, text });
    });
  }

  async notify(db: Tx, n: Notice, now: Date): Promise<void> {
    await db
      .insertInto('notifications')
      .values({ user_id: n.userId, title: n.title, body: n.body ?? null, link: n.link ?? null, created_at: now.toISOString() })
      .execute();
    if (n.email && this.smtp.url) {
      const user = await db.selectFrom('users').select('email').where('id', '=', n.userId).executeTakeFirst();
      if (user?.email) await this.scheduler.enqueue('send-email', { to: user.email, subject: n.title, text: n.body ?? '' });
    }
  }

  async list(userId: number, page: number, pageSize: number) {
    const [items, total, unread] = await Promise.all([
      this.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      this.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      items: items.map((r) => ({ id: r.id, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at })),
      total: Number(total.n),
      unread: Number(unread.n),
      page,
      pageSize,
    };
  }

  async markRead(userId: number, ids: number[] | 'all', now: Date) {
    let q = this.db.updateTable('notifications').set({ read_at: now.toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [0]);
    await q.execute();
  }
}
