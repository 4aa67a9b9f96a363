#!/usr/bin/env node
'use strict';
// Command-line entry of cdktf-entra-identity:
//   cdktf-entra-identity review <base> <change> [--tenant-export DIR] [--format text|markdown|json]
//   cdktf-entra-identity access-diff <old.json> <new.json> [--format text|markdown|json]
//   cdktf-entra-identity adopt <export-dir> [--out main.ts] [--stack adopted] [--library cdktf-entra-identity] [--force]
//   cdktf-entra-identity audit <export-dir> <access-map.json>... [--format text|markdown|json]
//   cdktf-entra-identity replacement-guard <base> <change> [--format text|markdown|json]
//   cdktf-entra-identity required-rights <synth> [--deployer OBJECT_ID] [--format text|markdown|json]
//
// The logic lives in the compiled library, module `cli/main` under the directory of
// package.json's "main" (build/ today: jsii compiles lib/*.ts to build/*.js). Where it is looked for:
//   1. lib/cli/main.ts, only when TypeScript can be loaded (a source checkout run with
//      `node --import tsx bin/cdktf-entra-identity.js`, as the tests do);
//   2. <dirname of "main">/cli/main.js (the published package);
//   3. build/ and lib/ as fixed fallbacks, should "main" be changed without moving the output.
const fs = require('fs');
const path = require('path');

function candidates() {
  const root = path.join(__dirname, '..');
  const list = [];
  const source = path.join(root, 'lib', 'cli', 'main.ts');
  if (require.extensions['.ts'] && fs.existsSync(source)) list.push(source);
  try {
    const main = require(path.join(root, 'package.json')).main;
    if (typeof main === 'string') list.push(path.join(root, path.dirname(main), 'cli', 'main.js'));
  } catch (e) {
    // No readable package.json: fall through to the fixed locations.
  }
  list.push(path.join(root, 'build', 'cli', 'main.js'), path.join(root, 'lib', 'cli', 'main.js'));
  return { root, list: [...new Set(list)] };
}

/** The package this bin belongs to (cdktf-entra-identity, or cdktn-entra-identity on CDK Terrain), read without the library. */
function packageName(root) {
  try {
    const name = require(path.join(root, 'package.json')).name;
    if (typeof name === 'string' && name.length > 0) return name;
  } catch (e) {
    // No readable package.json: the cdktf package's name.
  }
  return 'cdktf-entra-identity';
}

function loadCli() {
  const { root, list } = candidates();
  for (const file of list) {
    if (fs.existsSync(file)) return require(file);
  }
  process.stderr.write(`${packageName(root)}: cannot find the compiled library (looked for ${list.map((f) => path.relative(root, f)).join(', ')}). `
    + 'Build the package (npm run build) or install it from the registry.\n');
  process.exit(1);
}

process.exitCode = loadCli().main(process.argv.slice(2));
