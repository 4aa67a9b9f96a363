import type { ISynthesisSession, TerraformStack } from 'cdktf';

/** The resolved `cdk.tf.json` of each stack, once per synthesis session (the rights report and the access map share it). */
const SESSION_JSON = new WeakMap<ISynthesisSession, Map<TerraformStack, any>>();

/**
 * The stack's configuration as Terraform JSON, resolved, as it will be written to `cdk.tf.json`.
 * Within a synthesis session it is computed once per stack; without one, every call computes it.
 */
export function stackJsonOf(stack: TerraformStack, session?: ISynthesisSession): any {
  if (!session) return stack.toTerraform();
  let cache = SESSION_JSON.get(session);
  if (!cache) SESSION_JSON.set(session, cache = new Map());
  let json = cache.get(stack);
  if (json === undefined) cache.set(stack, json = stack.toTerraform());
  return json;
}
