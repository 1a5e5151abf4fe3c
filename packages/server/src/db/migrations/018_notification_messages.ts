// Notifications in the reader's language. A notice used to be stored as finished Chinese text only; it now also
// keeps the message key of its texts (packages/shared service-messages.ts, `<key>.title` / `<key>.body`) and their
// named parameters as JSON, so the inbox renders it in the language of each request. title/body still hold the
// zh-CN rendering (for e-mails, and for rows written before this migration, which have no key).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('message_key', 'varchar(80)').execute();
  await db.schema.alterTable('notifications').addColumn('params', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
