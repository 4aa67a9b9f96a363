import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';

const ROOT = path.resolve(__dirname, '..');

/**
 * Every stack of every example (`examples/<name>/main.ts`, exporting `buildApp`) and fixture
 * (`test/fixtures/*.ts`, exporting `buildFixture`), synthesized with validations run. The schema
 * test and the provider-rules test check each of them.
 */
export function synthesizeAll(): { name: string; json: any }[] {
  const out: { name: string; json: any }[] = [];
  const builders: { name: string; build: (app: App) => void }[] = [];
  for (const dir of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    const main = path.join(ROOT, 'examples', dir, 'main.ts');
    if (fs.existsSync(main)) builders.push({ name: `examples/${dir}`, build: require(main).buildApp });
  }
  for (const file of fs.readdirSync(path.join(__dirname, 'fixtures')).sort()) {
    if (file.endsWith('.ts')) builders.push({ name: `fixtures/${file}`, build: require(path.join(__dirname, 'fixtures', file)).buildFixture });
  }
  for (const { name, build } of builders) {
    assert.equal(typeof build, 'function', `${name} must export its builder (buildApp / buildFixture)`);
    const app = Testing.app();
    build(app);
    const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    assert.ok(stacks.length > 0, `${name} made no stack`);
    for (const stack of stacks) out.push({ name: `${name}:${stack.node.id}`, json: JSON.parse(Testing.synth(stack, true)) });
  }
  return out;
}
