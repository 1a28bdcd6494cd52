// What an npm user of each published package gets, checked after `pnpm build`:
//  1. the packed tarball (pnpm applies `publishConfig`) passes publint and arethetypeswrong;
//  2. its `exports` map is the workspace one without the `source` condition (that condition
//     points at .ts files and exists only so the workspace needs no build);
//  3. every ```ts example of its README type-checks against the packed types under the
//     defaults of `tsc --init` (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes).
// Usage: node scripts/check-packages.mjs [package-dir ...] (default: every packages/*).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** `tsc --init` defaults of TypeScript 6, plus Node's types (README examples use console and process). */
const TSC_INIT_DEFAULTS = {
  module: 'nodenext',
  target: 'esnext',
  types: ['node'],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: 'force',
  skipLibCheck: true,
  noEmit: true,
};

function withoutSource(value) {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source').map(([k, v]) => [k, withoutSource(v)]));
}

function run(cmd, args, cwd) {
  try {
    return { ok: true, out: execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function checkPackage(dir) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) return problems;

  const published = pkg.publishConfig?.exports;
  if (JSON.stringify(published) !== JSON.stringify(withoutSource(pkg.exports))) {
    problems.push('publishConfig.exports must equal exports without the "source" condition');
  }
  for (const file of ['README.md', 'LICENSE']) if (!existsSync(join(dir, file))) problems.push(`${file} is missing`);
  if (!pkg.repository || !pkg.homepage) problems.push('repository and homepage fields are required');

  const packDir = mkdtempSync(join(tmpdir(), 'js-pack-'));
  try {
    const pack = run('pnpm', ['pack', '--pack-destination', packDir], dir);
    if (!pack.ok) return [...problems, `pnpm pack failed:\n${pack.out}`];
    const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));

    const buf = readFileSync(tarball);
    const { messages, pkg: packedPkg } = await publint({
      pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) },
      level: 'warning',
      strict: true,
    });
    for (const m of messages) problems.push(`publint ${m.type}: ${formatMessage(m, packedPkg)}`);
    if (JSON.stringify(packedPkg.exports).includes('"source"')) problems.push('the packed package.json still has a "source" condition');

    const attw = run(bin('attw'), [tarball, '--profile', 'node16', '--format', 'ascii', '--no-emoji', '--no-color'], dir);
    if (!attw.ok) problems.push(`arethetypeswrong:\n${attw.out}`);
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }

  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length > 0) {
    // Inside the package folder, so the package's own name and its dependencies resolve as
    // they would for a user (self-reference and node_modules), to the built types.
    const work = join(dir, '.readme-types');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    try {
      blocks.forEach((code, i) => writeFileSync(join(work, `example-${String(i + 1)}.ts`), code));
      writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: TSC_INIT_DEFAULTS, include: ['*.ts'] }, null, 2));
      const tsc = run(bin('tsc'), ['-p', join(work, 'tsconfig.json')], dir);
      if (!tsc.ok) problems.push(`README examples do not type-check under tsc --init defaults:\n${tsc.out}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return problems;
}

const dirs = process.argv.length > 2
  ? process.argv.slice(2).map((d) => resolve(d))
  : readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)).filter((d) => existsSync(join(d, 'package.json')));

let failed = 0;
for (const dir of dirs) {
  const problems = await checkPackage(dir);
  const name = basename(dir);
  if (problems.length === 0) {
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`  - ${p.replaceAll('\n', '\n    ')}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
