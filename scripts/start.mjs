// `npm start`: builds the web app and the server (scripts/build-server.mjs) when they are missing or older than their
// sources, then starts the server.
// Extra arguments are passed on (e.g. `npm start -- --demo`).
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuild, newest } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'packages/web');
const dist = path.join(web, 'dist/index.html');

const stale = !fs.existsSync(dist) || newest(path.join(web, 'src')) > fs.statSync(dist).mtimeMs;
if (stale) {
  console.log('Building the web app …');
  const r = spawnSync('npm', ['run', 'build', '-w', '@kehu/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = await ensureServerBuild();
// a smaller V8 heap limit: the live heap stays near 100 MB even during a 100,000-row import, but with the default
// limit V8 lets garbage pile up to ~500 MB RSS before collecting it (see docs/import.md). An explicit
// --max-old-space-size in NODE_OPTIONS wins.
const nodeOptions = process.env.NODE_OPTIONS ?? '';
const env = { ...process.env, NODE_OPTIONS: /--max-old-space-size/.test(nodeOptions) ? nodeOptions : `${nodeOptions} --max-old-space-size=256`.trim() };
const child = spawn(process.execPath, [server, 'start', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
