// The import's dry run looks up the names of 1,000 rows at a time and keeps the first five live customers of
// each (LOOKALIKES_PER_NAME). With an index on name_norm alone, every customer of a common name (王芳, 张伟:
// hundreds each at 1M customers) was read from the table to test archived_at and to order by id: 365 ms per
// 1,000 names on SQLite, most of a 100,000-row dry run. (name_norm, archived_at, id) answers it from the index.
// The create form's duplicate check and the sort by name use the same index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('customers_name_live').ifNotExists().on('customers').columns(['name_norm', 'archived_at', 'id']).execute();
  await db.schema.dropIndex('customers_name_norm').ifExists().execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
