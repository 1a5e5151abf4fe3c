// Compiles the server (TypeScript, packages/server/src and the shared package) into one ES module,
// packages/server/dist/main.mjs, that plain `node` runs. `npm start` and the benchmark run it instead of the sources
// through tsx: the loader and its source maps cost ~45 MB of resident memory for the life of the process (idle RSS
// 207 → 163 MB at 1M customers) and a second at every start. The dependencies stay in node_modules (not bundled).
// `node scripts/build-server.mjs` builds it; `ensureServerBuild()` builds it only when a source is newer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'packages/server/dist/main.mjs');
const sources = [path.join(root, 'packages/server/src'), path.join(root, 'packages/shared/src')];

/** the latest modification time of any file under `dir` */
export function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Missing, or older than a source, the server's package.json or this script (by modification time). */
export function serverBuildStale() {
  if (!fs.existsSync(serverBundle)) return true;
  const built = fs.statSync(serverBundle).mtimeMs;
  const inputs = [path.join(root, 'packages/server/package.json'), fileURLToPath(import.meta.url)];
  return sources.some((dir) => fs.existsSync(dir) && newest(dir) > built) || inputs.some((f) => fs.statSync(f).mtimeMs > built);
}

export async function buildServer() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'packages/server/package.json'), 'utf8'));
  // every dependency stays a runtime import except the workspace's own TypeScript package
  const external = Object.keys(pkg.dependencies ?? {})
    .filter((name) => !name.startsWith('@kehu/'))
    .flatMap((name) => [name, `${name}/*`]);
  // written beside it and renamed: a server starting meanwhile never runs a half-written file
  const tmp = `${serverBundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(root, 'packages/server/src/main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: false,
    logLevel: 'warning',
  });
  fs.renameSync(tmp, serverBundle);
  return serverBundle;
}

export async function ensureServerBuild(log = console.log) {
  if (serverBuildStale()) {
    log('Building the server …');
    await buildServer();
  }
  return serverBundle;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`built ${path.relative(root, serverBundle)}`);
}
