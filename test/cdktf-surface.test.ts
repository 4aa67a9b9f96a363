import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM } from '../lib/platform';

/**
 * cdktf was archived upstream; its community fork is CDK Terrain (cdktn). The library keeps
 * its use of cdktf to a known list, so moving is an import rename. Growing the list is a
 * decision: add the symbol here and to README's "CDK Terrain" section.
 */
const ALLOWED: Record<string, string[]> = {
  [PLATFORM.core]: [
    'Annotations', 'Aspects', 'DefaultTokenResolver', 'Fn', 'IAspect', 'IResolvable', 'IResolveContext', 'ISynthesisSession', 'Lazy', 'StringConcat',
    'TerraformDataSource', 'TerraformElement', 'TerraformIterator', 'TerraformOutput', 'TerraformProvider', 'TerraformResource',
    'TerraformStack', 'Token', 'Tokenization',
  ],
  // not re-exported from cdktf's root: the hook that writes the access map next to a stack
  [`${PLATFORM.core}/lib/synthesize/synthesizer`]: ['addCustomSynthesis'],
};

function libFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? libFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []);
}

/** Every symbol lib/ imports from cdktf, by module. */
function used(): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const file of libFiles(path.resolve(__dirname, '..', 'lib'))) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+'(${PLATFORM.core}(?:/[^']*)?)'`, 'g'))) {
      for (const name of m[1].split(',').map((x) => x.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
        (out[m[2]] ??= new Set()).add(name);
      }
    }
    assert.doesNotMatch(src, new RegExp(`import\\s+\\*\\s+as\\s+\\w+\\s+from\\s+'${PLATFORM.core}`), `${file} imports all of ${PLATFORM.core}; name the symbols`);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

describe('cdktf surface', () => {
  it('uses only the cdktf symbols on the list, so a move to cdktn stays an import rename', () => {
    const u = used();
    assert.ok((u[PLATFORM.core] ?? []).includes('Lazy'), `the scan found the library's ${PLATFORM.core} imports`);
    const extra = Object.entries(u).flatMap(([mod, names]) => names.filter((n) => !(ALLOWED[mod] ?? []).includes(n)).map((n) => `${mod}: ${n}`));
    assert.deepEqual(extra, []);
  });
});
