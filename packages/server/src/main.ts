// CLI entry: start | migrate | seed-demo | backup | restore | create-admin
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { buildApp } from './app';
import { openDatabase } from './db';
import { migrateToLatest } from './db/migrate';
import { bootstrap } from './seed/bootstrap';

async function main() {
  const [cmd = 'start', ...rest] = process.argv.slice(2);
  const config = loadConfig();
  switch (cmd) {
    case 'start': {
      const kehu = await buildApp({ config });
      if (rest.includes('--demo')) {
        const { seedDemo } = await import('./seed/demo');
        await seedDemo(kehu.ctx, { customers: Number(argValue(rest, '--customers') ?? 600), log: (m) => kehu.app.log.info(m) });
      }
      if (config.jobsEnabled) await kehu.ctx.scheduler.start(config.jobsPollMs);
      await kehu.app.listen({ port: config.port, host: config.host });
      const db = config.databaseUrl ? 'PostgreSQL' : `SQLite ${path.join(config.dataDir, 'kehu.db')}`;
      console.log(`Kehu is running at http://localhost:${config.port} (database: ${db})`);
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        process.on(sig, () => {
          void kehu.close().then(() => process.exit(0));
        });
      }
      return;
    }
    case 'migrate': {
      const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await migrateToLatest(database.db);
      await bootstrap(database.db, { adminPassword: config.adminPassword });
      await database.close();
      console.log('migrations done');
      return;
    }
    case 'seed-demo': {
      const kehu = await buildApp({ config, logger: false });
      const { seedDemo } = await import('./seed/demo');
      await seedDemo(kehu.ctx, { customers: Number(argValue(rest, '--customers') ?? 600), log: console.log });
      await kehu.close();
      return;
    }
    case 'backup': {
      const { backup } = await import('./seed/backup');
      const file = await backup(config, rest[0]);
      console.log(`backup written to ${file}`);
      return;
    }
    case 'restore': {
      const { restore } = await import('./seed/backup');
      if (!rest[0]) throw new Error('usage: npm run restore -- <backup file>');
      await restore(config, rest[0]);
      console.log('restore done');
      return;
    }
    default:
      console.error(`unknown command ${cmd}; use start | migrate | seed-demo | backup | restore`);
      process.exit(2);
  }
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(name + '='));
  return eq?.split('=')[1];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
void fs;
