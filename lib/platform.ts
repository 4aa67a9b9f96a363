// The platform the package is built for, and every name that says which: CDK for Terraform (`cdktf`,
// archived upstream) or its community fork CDK Terrain (`cdktn`). One tree builds both packages:
// `scripts/flavour.ts` copies the sources, renames the import specifiers (`cdktf` -> `cdktn`,
// `@cdktf/provider-*` -> `@cdktn/provider-*`) and flips the one line marked below. Nothing else in
// the repository spells a platform's package name, pin, install hint or provider version: it asks this
// module. A leaf: it imports nothing, so any layer (lib/tenant, lib/access, bin) may load it.
// Not re-exported from lib/index.ts: a build detail, not part of the construct API.

/** The platforms the package is built for. */
export type PlatformName = 'cdktf' | 'cdktn';

/** The prebuilt provider bindings the library uses. */
export type ProviderName = 'azuread' | 'azurerm' | 'time';

/** One prebuilt provider binding on one platform. */
export interface ProviderBinding {
  /** npm package, e.g. `@cdktf/provider-azuread`. */
  readonly npm: string;
  /** The version the library is built and tested against (the devDependency pin). */
  readonly version: string;
  /** The range users install (a peer dependency's range, or the install hint's). */
  readonly range: string;
  /** The Terraform provider version it binds: what `required_providers` carries in synthesized JSON. */
  readonly terraform: string;
  /** PyPI distribution. */
  readonly pypi: string;
  /** The version on PyPI the Python binding is tested with (differs from `version` only where PyPI and npm differ). */
  readonly pypiVersion: string;
  /** Python module. */
  readonly pythonModule: string;
}

/** Everything that names one platform. */
export interface Platform {
  readonly name: PlatformName;
  /** What people call it. */
  readonly title: string;
  /** The core package (`cdktf` or `cdktn`): npm, PyPI and the Python module all carry this name. */
  readonly core: string;
  /** The core's version the library is built and tested against. */
  readonly coreVersion: string;
  /** The core's range users install (the peer dependency's). */
  readonly coreRange: string;
  /** The npm scope of the prebuilt provider bindings (`@cdktf`, `@cdktn`). */
  readonly providerScope: string;
  /** The `constructs` version the tests pin, and the range the core accepts. */
  readonly constructsVersion: string;
  readonly constructsRange: string;
  /** The command-line package and the Node.js version it needs. */
  readonly cli: string;
  readonly cliNode: string;
  /** This library's package names on this platform. */
  readonly library: {
    readonly npm: string;
    readonly pypi: string;
    readonly pythonModule: string;
    readonly dotnet: string;
    readonly goModule: string;
    readonly goPackage: string;
    readonly javaPackage: string;
    readonly mavenGroupId: string;
  };
  readonly providers: { readonly [P in ProviderName]: ProviderBinding };
}

const cdktf: Platform = {
  name: 'cdktf',
  title: 'CDK for Terraform',
  core: 'cdktf',
  coreVersion: '0.21.0',
  coreRange: '^0.21.0',
  providerScope: '@cdktf',
  constructsVersion: '10.4.2',
  constructsRange: '^10.4.2',
  cli: 'cdktf-cli',
  cliNode: '>=20',
  library: {
    npm: 'cdktf-entra-identity',
    pypi: 'cdktf-entra-identity',
    pythonModule: 'cdktf_entra_identity',
    dotnet: 'CdktfEntraIdentity',
    goModule: 'github.com/cdktf-entra-identity/cdktf-entra-identity-go',
    goPackage: 'cdktfentraidentity',
    javaPackage: 'io.github.cdktfentraidentity',
    mavenGroupId: 'io.github.cdktf-entra-identity',
  },
  providers: {
    azuread: {
      npm: '@cdktf/provider-azuread', version: '14.3.1', range: '^14.3.1', terraform: '3.7.0',
      pypi: 'cdktf-cdktf-provider-azuread', pypiVersion: '14.3.1', pythonModule: 'cdktf_cdktf_provider_azuread',
    },
    azurerm: {
      npm: '@cdktf/provider-azurerm', version: '14.23.1', range: '^14.23.1', terraform: '4.55.0',
      pypi: 'cdktf-cdktf-provider-azurerm', pypiVersion: '14.23.1', pythonModule: 'cdktf_cdktf_provider_azurerm',
    },
    time: {
      npm: '@cdktf/provider-time', version: '11.0.1', range: '^11.0.1', terraform: '0.13.1',
      pypi: 'cdktf-cdktf-provider-time', pypiVersion: '11.0.1', pythonModule: 'cdktf_cdktf_provider_time',
    },
  },
};

const cdktn: Platform = {
  name: 'cdktn',
  title: 'CDK Terrain',
  core: 'cdktn',
  coreVersion: '0.24.0',
  coreRange: '^0.24.0',
  providerScope: '@cdktn',
  constructsVersion: '10.6.0',
  constructsRange: '>=10.6.0 <10.8.0',
  cli: 'cdktn-cli',
  cliNode: '>=22.19.0',
  library: {
    npm: 'cdktn-entra-identity',
    pypi: 'cdktn-entra-identity',
    pythonModule: 'cdktn_entra_identity',
    dotnet: 'CdktnEntraIdentity',
    goModule: 'github.com/cdktf-entra-identity/cdktn-entra-identity-go',
    goPackage: 'cdktnentraidentity',
    javaPackage: 'io.github.cdktnentraidentity',
    mavenGroupId: 'io.github.cdktn-entra-identity',
  },
  providers: {
    azuread: {
      npm: '@cdktn/provider-azuread', version: '17.1.0', range: '^17.1.0', terraform: '3.10.0',
      pypi: 'cdktn-provider-azuread', pypiVersion: '17.1.0', pythonModule: 'cdktn_provider_azuread',
    },
    // npm's newest is 16.1.0, whose peer range is cdktn ^0.23.0: users add an npm `overrides` entry
    // (README "CDK Terrain"). PyPI has versions for cdktn 0.24: 17.0.0 binds azurerm 4.81.0, 18.x binds
    // azurerm 5 (18.9.0: 5.10.0), a major version the workload wiring is not checked against; so 17.0.
    azurerm: {
      npm: '@cdktn/provider-azurerm', version: '16.1.0', range: '^16.1.0', terraform: '4.73.0',
      pypi: 'cdktn-provider-azurerm', pypiVersion: '17.0.0', pythonModule: 'cdktn_provider_azurerm',
    },
    time: {
      npm: '@cdktn/provider-time', version: '14.0.2', range: '^14.0.2', terraform: '0.14.2',
      pypi: 'cdktn-provider-time', pypiVersion: '14.0.2', pythonModule: 'cdktn_provider_time',
    },
  },
};

/** Both platforms, by name. */
export const PLATFORMS: { readonly [N in PlatformName]: Platform } = { cdktf, cdktn };

/** The platform this copy of the library is built for. scripts/flavour.ts rewrites this one line. */
export const PLATFORM: Platform = PLATFORMS.cdktf; // flavour-switch

/** The platform called `name`; throws naming the ones there are. */
export function platformNamed(name: string): Platform {
  if (name === 'cdktf' || name === 'cdktn') return PLATFORMS[name];
  throw new Error(`unknown platform '${name}': use cdktf (CDK for Terraform) or cdktn (CDK Terrain)`);
}

/** The module a program imports a provider class from, by deep path: `providerModule('azuread', 'provider')`. */
export function providerModule(provider: ProviderName, submodule: string, platform: Platform = PLATFORM): string {
  return `${platform.providers[provider].npm}/lib/${submodule}`;
}

/** A TypeScript import line of `names` from the core package (`cdktf` or `cdktn`), as a generated program starts with. */
export function coreImportLine(names: readonly string[], platform: Platform = PLATFORM): string {
  return `import { ${names.join(', ')} } from '${platform.core}';`;
}

/** A TypeScript import line of `names` from a provider submodule, by deep path. */
export function providerImportLine(provider: ProviderName, submodule: string, names: readonly string[], platform: Platform = PLATFORM): string {
  return `import { ${names.join(', ')} } from '${providerModule(provider, submodule, platform)}';`;
}
