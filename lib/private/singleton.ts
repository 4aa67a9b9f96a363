import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';

const CLIENT_CONFIG_ID = 'EntraClientConfig';

/**
 * The stack-wide `azuread_client_config` data source: who is deploying, and in which tenant.
 * Made once per stack, on first use.
 */
export function clientConfigOf(scope: IConstruct): DataAzureadClientConfig {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CLIENT_CONFIG_ID);
  if (existing) return existing as DataAzureadClientConfig;
  return new DataAzureadClientConfig(stack as Construct, CLIENT_CONFIG_ID, {});
}

/** Each construct's path below its stack, once computed: a construct never moves in the tree. */
const PATHS_IN_STACK = new WeakMap<IConstruct, string>();

/** The construct path of `c` below its stack, joined with '/'; the whole path when it is not in a stack. */
export function pathInStack(c: IConstruct): string {
  let path = PATHS_IN_STACK.get(c);
  if (path === undefined) {
    const scopes = c.node.scopes;
    const stackIndex = scopes.findIndex((s) => TerraformStack.isStack(s));
    path = stackIndex < 0 ? c.node.path : scopes.slice(stackIndex + 1).map((s) => s.node.id).join('/');
    PATHS_IN_STACK.set(c, path);
  }
  return path;
}
