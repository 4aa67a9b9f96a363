/**
 * The Go names of the jsii packages a Go program of this library imports, and the mechanical switch of a Go
 * program from one platform to the other (scripts/flavour.ts uses it for the examples' main.go, as it renames
 * import specifiers in TypeScript and module names in Python).
 *
 * Nothing here is typed by hand: a package's Go module path and package name are what jsii-pacmak writes, from
 * the package's jsii `targets.go` (package.json `jsii.targets.go`, which jsii copies into the `.jsii` assembly)
 * and its version: `<moduleName>/<packageName>`, plus `/v<major>` from major version 2 on. test/bindings/run.ts
 * checks that rule against the `module` line of every go.mod jsii-pacmak generates.
 */
import * as fs from 'node:fs';
import { Platform, ProviderName } from '../lib/platform';

/** A jsii package's Go module path and the name of its root Go package (the qualifier a program writes). */
export interface GoNames {
  /** e.g. `github.com/cdktn-io/cdktn-provider-azuread-go/azuread/v17`. */
  readonly module: string;
  /** e.g. `azuread`; `cdktf`, `cdktn`, `cdktfentraidentity` for the core and this library. */
  readonly package: string;
}

/** The parts of a package.json that decide its Go names. */
export interface GoManifest {
  readonly name: string;
  readonly version: string;
  readonly jsii?: { readonly targets?: { readonly go?: { readonly moduleName?: string; readonly packageName?: string; readonly versionSuffix?: string } } };
}

/** jsii-pacmak's Go names of one package (its `goPackageNameForAssembly` and `determineMajorVersionSuffix`). */
export function goNamesOf(pkg: GoManifest): GoNames {
  const go = pkg.jsii?.targets?.go;
  if (!go) throw new Error(`${pkg.name} declares no jsii go target`);
  const pkgName = go.packageName ?? pkg.name.replace(/[^a-z0-9.]/gi, '').toLowerCase();
  const major = Number(/^(\d+)\./.exec(`${pkg.version}${go.versionSuffix ?? ''}`)?.[1]);
  if (!Number.isInteger(major)) throw new Error(`${pkg.name}: cannot read a major version from ${pkg.version}`);
  const prefix = go.moduleName ? `${go.moduleName}/` : '';
  return { module: `${prefix}${pkgName}${major >= 2 ? `/v${major}` : ''}`, package: pkgName };
}

/** Roles of the packages a Go program may import: the same key on both platforms names the same role. */
export type GoRole = 'library' | 'core' | 'constructs' | ProviderName;

/**
 * The Go names of every package a Go program of `platform` may import, by role: this library (from `manifest`,
 * its package.json on that platform), and the core, constructs and the prebuilt providers as installed where
 * node resolves them from `resolveFrom`.
 */
export function goNames(platform: Platform, manifest: GoManifest, resolveFrom: string): Map<GoRole, GoNames> {
  const installed = (name: string): GoManifest => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [resolveFrom] }), 'utf8'));
  const names = new Map<GoRole, GoNames>([
    ['library', goNamesOf(manifest)],
    ['core', goNamesOf(installed(platform.core))],
    ['constructs', goNamesOf(installed('constructs'))],
  ]);
  for (const p of Object.keys(platform.providers) as ProviderName[]) names.set(p, goNamesOf(installed(platform.providers[p].npm)));
  return names;
}

/**
 * A Go program of one platform (`from`'s names) as the same program of the other (`to`'s): every import path under
 * a module of `from` moves to the same role's module of `to` (submodule paths kept: `.../azuread/v14/provider`
 * becomes `.../azuread/v17/provider`), and where a root package is imported without an alias and its name
 * changes (`cdktf` -> `cdktn`), its qualifier does too (`cdktf.NewApp` -> `cdktn.NewApp`: a qualifier before an
 * exported, capitalized name). Refuses a program that already uses a new qualifier, and checks that no import
 * of `from` is left. `excerpt`: the text is part of a program without its imports (a README snippet), so every
 * root package's qualifier whose name changes is renamed.
 */
export function renameGoImports(text: string, from: ReadonlyMap<GoRole, GoNames>, to: ReadonlyMap<GoRole, GoNames>, excerpt = false): string {
  const roles = [...from.keys()].sort((a, b) => from.get(b)!.module.length - from.get(a)!.module.length); // longest first
  const qualifiers = new Map<string, string>();
  if (excerpt) {
    for (const r of roles) if (to.get(r) && from.get(r)!.package !== to.get(r)!.package) qualifiers.set(from.get(r)!.package, to.get(r)!.package);
  }
  const movePath = (importPath: string, alias: string | undefined): string => {
    const role = roles.find((r) => importPath === from.get(r)!.module || importPath.startsWith(`${from.get(r)!.module}/`));
    if (role === undefined) return importPath;
    const target = to.get(role);
    if (!target) throw new Error(`no Go module of the target platform for the ${role} package (${importPath})`);
    const { module: oldModule, package: oldPkg } = from.get(role)!;
    if (alias === undefined && importPath === oldModule && oldPkg !== target.package) qualifiers.set(oldPkg, target.package);
    return `${target.module}${importPath.slice(oldModule.length)}`;
  };
  const spec = /^(\s*)(?:([\w.]+)\s+)?"([^"]+)"/gm;
  const renameSpecs = (block: string) => block.replace(spec, (_m, lead: string, alias: string | undefined, p: string) =>
    `${lead}${alias !== undefined ? `${alias} ` : ''}"${movePath(p, alias)}"`);
  let out = text.replace(/^(import\s*\()([^)]*)\)/gm, (_m, head: string, body: string) => `${head}${renameSpecs(body)})`)
    .replace(/^import(\s+(?:[\w.]+\s+)?"[^"]+")/gm, (_m, one: string) => `import${renameSpecs(one)}`);
  for (const [oldQ, newQ] of qualifiers) {
    if (new RegExp(`\\b${newQ}\\.[A-Z]`).test(text)) throw new Error(`the Go program already uses the qualifier ${newQ}: renaming ${oldQ} to it would merge two packages`);
    out = out.replace(new RegExp(`\\b${oldQ}\\.(?=[A-Z])`, 'g'), `${newQ}.`);
  }
  for (const role of roles) {
    const old = from.get(role)!.module;
    if (old !== to.get(role)?.module && out.includes(`"${old}`)) throw new Error(`after renaming, the Go program still imports ${old}`);
  }
  return out;
}

/** The ```go blocks of a Markdown text, renamed as excerpts of Go programs (renameGoImports). */
export function renameGoSnippets(markdown: string, from: ReadonlyMap<GoRole, GoNames>, to: ReadonlyMap<GoRole, GoNames>): string {
  return markdown.replace(/^(```go\n)([\s\S]*?)(^```$)/gm, (_m, open: string, body: string, close: string) =>
    `${open}${renameGoImports(body, from, to, true)}${close}`);
}
