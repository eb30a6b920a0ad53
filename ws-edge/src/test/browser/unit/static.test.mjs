// The files the edge serves at /: no CDN, every module present, and the copy of the processor's
// jurisdiction layer identical to its source (the console cannot read the processor's jar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const STATIC = join(here, '../../../main/resources/static');
const REPO = join(here, '../../../../..');

test('the page loads nothing from another origin', () => {
  const html = readFileSync(join(STATIC, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(refs.length >= 5);
  for (const ref of refs) assert.ok(!/^(https?:)?\/\//.test(ref), `external reference ${ref}`);
  for (const file of readdirSync(join(STATIC, 'js'))) {
    const js = readFileSync(join(STATIC, 'js', file), 'utf8');
    assert.ok(!/\bimport\b[^;]*['"](https?:)?\/\//.test(js), `${file} imports from another origin`);
  }
  const css = readFileSync(join(STATIC, 'console.css'), 'utf8');
  assert.ok(!/url\(\s*['"]?(https?:)?\/\//.test(css), 'console.css loads nothing remote');
});

test('every relative module import resolves to a served file', () => {
  for (const file of readdirSync(join(STATIC, 'js'))) {
    const js = readFileSync(join(STATIC, 'js', file), 'utf8');
    for (const m of js.matchAll(/from '(\.\/[^']+)'/g)) {
      assert.ok(existsSync(join(STATIC, 'js', m[1])), `${file} imports missing ${m[1]}`);
    }
  }
});

test('the served jurisdiction layer is the processor\'s, unchanged', () => {
  const served = readFileSync(join(STATIC, 'data/bay-area-jurisdictions.json'));
  const source = readFileSync(join(REPO, 'processing-core/src/main/resources/jurisdictions/bay-area-demo.geojson'));
  assert.ok(served.equals(source), 'copy processing-core/src/main/resources/jurisdictions/bay-area-demo.geojson again');
});
