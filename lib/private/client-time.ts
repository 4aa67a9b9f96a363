import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { timeProvider } from './providers';

const TIME_PROVIDER_ID = 'EntraTimeProvider';

/**
 * Makes sure the stack of `scope` configures the hashicorp/time provider, which the rotating
 * client secrets need. A stack that declares its own `TimeProvider` keeps it; otherwise one
 * (with no settings: the provider has none that matter here) is added once, at the stack root.
 */
export function ensureTimeProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(TIME_PROVIDER_ID)) return;
  const declared = stack.node.findAll().some((c) => TerraformProvider.isTerraformProvider(c)
    && (c as TerraformProvider).terraformGeneratorMetadata?.providerName === 'time');
  if (declared) return;
  new (timeProvider())(stack as Construct, TIME_PROVIDER_ID, {});
}
