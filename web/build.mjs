// Bundles the client into one file with esbuild and copies the static files: node build.mjs [OUT].
// OUT defaults to dist/; the Maven build of demo passes its classes/io/peervoice/web/. Writes
// files.txt, the list of files the node serves (WebBundle). Offline: only node_modules is used.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, 'dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'linked',
  outfile: join(out, 'peervoice.js'),
  logLevel: 'warning',
});
const files = ['peervoice.js'];
if (existsSync(join(out, 'peervoice.js.LEGAL.txt'))) files.push('peervoice.js.LEGAL.txt');
for (const f of readdirSync(join(here, 'public'))) {
  copyFileSync(join(here, 'public', f), join(out, f));
  files.push(f);
}
writeFileSync(join(out, 'files.txt'), files.join('\n') + '\n');
