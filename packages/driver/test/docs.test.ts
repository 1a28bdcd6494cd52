// Code comments cite the repository's docs/, never documents users do not have.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const DOCS = join(import.meta.dirname, '../../../docs');
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => [f, readFileSync(join(SRC, f), 'utf8')] as const);

it('cites sections of docs/ that exist', () => {
  const citations = sources.flatMap(([f, text]) => [...text.matchAll(/\(docs\/([a-z-]+\.md), "([^"]+)"\)/g)].map((m) => [f, m[1], m[2]] as const));
  expect(citations.length).toBeGreaterThan(20);
  const missing = citations.filter(([, doc, section]) => !readFileSync(join(DOCS, doc), 'utf8').includes(`\n## ${section}\n`));
  expect(missing).toEqual([]);
});

it('never cites the reference notes the repository does not ship', () => {
  expect(sources.filter(([, text]) => /js110-facts|jls-v2-facts|\/work\/shared|§/.test(text)).map(([f]) => f)).toEqual([]);
});
