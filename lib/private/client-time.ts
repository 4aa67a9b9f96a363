import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { timeProvider } from './providers';

const TIME_PROVIDER_ID = 'EntraTimeProvider';

/**
 * Makes sure the stack of `scope` configures the hashicorp/time provider, which the rotating
 * client secrets and the replication gate need. A stack that declares its own `TimeProvider` keeps it; otherwise one
 * (with no settings: the provider has none that matter here) is added once, at the stack root.
 */
export function ensureTimeProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(TIME_PROVIDER_ID)) return;
  if (timeProviders(stack).length > 0) return;
  const ours = new (timeProvider())(stack as Construct, TIME_PROVIDER_ID, {});
  // A TimeProvider the user declares after the first secret would be a second default
  // configuration of the provider, which Terraform rejects; say so at synth.
  ours.node.addValidation({
    validate: () => {
      const others = timeProviders(stack).filter((p) => p !== ours && p.alias === undefined);
      return others.length === 0 ? [] : [
        `the hashicorp/time provider is configured twice: by the library (for rotating client secrets and the replication gate) and by ${others.map((o) => o.node.path).join(', ')}. `
        + 'Declare your TimeProvider before the library\'s constructs (before the first registration), so the library uses it, or remove it.',
      ];
    },
  });
}

function timeProviders(stack: TerraformStack): TerraformProvider[] {
  return stack.node.findAll().filter((c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c)
    && (c as TerraformProvider).terraformGeneratorMetadata?.providerName === 'time');
}
