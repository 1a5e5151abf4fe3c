// Notifications: an in-app list per user, and e-mail through SMTP when configured (sent by a job).
//
// A notice is either finished text (title/body), or a message key with named parameters: its texts are
// `<key>.title` and `<key>.body` in @kehu/shared's messages (a key without `.body` keeps the notice's own body, e.g.
// a customer's comment). Keyed notices are stored with their key and parameters and rendered in the language of
// each request; title/body keep the zh-CN rendering, for e-mails and for readers that know no keys.
import nodemailer from 'nodemailer';
import { formatMessage, translate, type Lang, type MessageParams } from '@kehu/shared';
import type { Db, Tx } from '../db';
import type { Scheduler } from './jobs';

export interface Notice {
  userId: number;
  /** finished text; rendered from key (zh-CN) when the notice has one */
  title?: string;
  body?: string;
  link?: string;
  email?: boolean;
  /** message key, without '.title' / '.body' (e.g. 'notice.visit_task') */
  key?: string;
  params?: MessageParams;
}

const TITLE_MAX = 200;

/** The notice's title and body in one language: from its key when it has one, its own text otherwise. */
export function renderNotice(
  n: { key?: string | null; params?: MessageParams | null; title?: string | null; body?: string | null },
  lang: Lang,
): { title: string; body: string | null } {
  const own = { title: n.title ?? '', body: n.body ?? null };
  if (!n.key) return own;
  const params = n.params ?? {};
  const title = formatMessage(`${n.key}.title`, lang, params);
  const body = translate(`${n.key}.body`, lang) !== undefined ? formatMessage(`${n.key}.body`, lang, params)! : own.body;
  return { title: title ?? own.title, body };
}

/** The notifications row of a notice, for bulk inserts of many notices at once (the same row notify() writes). */
export function noticeRow(n: Notice, nowIso: string) {
  if (!n.key && n.title === undefined) throw new Error('a notice needs a title or a message key');
  const zh = renderNotice(n, 'zh-CN');
  return {
    user_id: n.userId,
    title: zh.title.slice(0, TITLE_MAX),
    body: zh.body,
    link: n.link ?? null,
    created_at: nowIso,
    message_key: n.key ?? null,
    params: n.key && n.params ? JSON.stringify(n.params) : null,
  };
}

function parseParams(s: string | null): MessageParams | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as MessageParams;
  } catch {
    return null;
  }
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
    const row = noticeRow(n, now.toISOString());
    await db.insertInto('notifications').values(row).execute();
    if (n.email && this.smtp.url) {
      const user = await db.selectFrom('users').select('email').where('id', '=', n.userId).executeTakeFirst();
      // queued in the same transaction: it goes out only if the change it reports is committed
      if (user?.email) await this.scheduler.enqueue('send-email', { to: user.email, ...emailText(n) }, { db });
    }
  }

  /** The user's notices, newest first, in the reader's language where the notice has a message key. */
  async list(userId: number, page: number, pageSize: number, lang: Lang = 'zh-CN') {
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
      items: items.map((r) => {
        const t = renderNotice({ key: r.message_key, params: parseParams(r.params), title: r.title, body: r.body }, lang);
        return { id: r.id, title: t.title, body: t.body, link: r.link, createdAt: r.created_at, readAt: r.read_at };
      }),
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

/** An e-mail in Chinese first; a keyed notice adds its English text below. */
export function emailText(n: Notice): { subject: string; text: string } {
  const zh = renderNotice(n, 'zh-CN');
  if (!n.key) return { subject: zh.title, text: zh.body ?? '' };
  const en = renderNotice(n, 'en-US');
  const lines: string[] = [];
  if (zh.body) lines.push(zh.body, '');
  lines.push('——', en.title);
  // a free-text body (the same in both languages) is not repeated under the English title
  if (en.body && en.body !== zh.body) lines.push(en.body);
  return { subject: zh.title, text: lines.join('\n') };
}
