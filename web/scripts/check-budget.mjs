// Fails the build when the JavaScript a browser must load before the first page shows grows over the budget:
// the entry script and every chunk index.html preloads, gzipped. Pages load their own chunks on demand.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.PULSE_WEB_BUDGET_KB ?? 250);
const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist');
const html = await readFile(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
if (initial.length === 0) throw new Error('index.html loads no script: is this a Vite build?');

let total = 0;
for (const file of initial) {
  const bytes = await readFile(path.join(dist, file.replace(/^\//, '')));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`  ${file.padEnd(48)} ${(gzipped / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
const kb = total / 1024;
console.log(`Initial JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`Over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: load more of it on demand (lazy routes, dynamic import).`);
  process.exit(1);
}
