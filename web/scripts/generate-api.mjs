// Generates TypeScript types for every service API from the OpenAPI snapshots in openapi/.
// The snapshots are written and checked by each service's ServiceContractTest (see web/README.md), so a changed
// API changes these types and a screen that no longer fits breaks `tsc`, not a user's browser.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'openapi');
const target = path.join(root, 'src', 'api', 'generated');

await mkdir(target, { recursive: true });
const files = (await readdir(source)).filter((name) => name.endsWith('.json')).sort();
if (files.length === 0) {
  throw new Error(`no OpenAPI snapshots in ${source}`);
}
for (const file of files) {
  const document = JSON.parse(await readFile(path.join(source, file), 'utf8'));
  const ast = await openapiTS(document, { alphabetize: true });
  const name = path.basename(file, '.json');
  const banner = `// Generated from openapi/${file} by scripts/generate-api.mjs. Do not edit.\n`;
  await writeFile(path.join(target, `${name}.ts`), banner + astToString(ast));
}
console.log(`API types generated for ${files.map((f) => path.basename(f, '.json')).join(', ')}`);
