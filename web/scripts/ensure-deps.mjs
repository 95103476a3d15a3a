// Installs the locked dependencies (npm ci) unless node_modules already holds exactly that lock file's tree,
// so repeated Maven builds don't reinstall 300 packages each time. Uses only Node's standard library.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lock = readFileSync(path.join(root, 'package-lock.json'));
const hash = createHash('sha256').update(lock).update(process.version).digest('hex');
const marker = path.join(root, 'node_modules', '.pulse-installed-lock');

if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) {
  console.log('node_modules matches package-lock.json');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('npm ci failed: is the npm registry reachable, and is package-lock.json in step with package.json?');
  process.exit(result.status ?? 1);
}
writeFileSync(marker, hash);
