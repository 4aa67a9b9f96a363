// The brands that recognise the library's constructs across copies of the library (two
// versions in one node_modules), as cdktf's own `TerraformStack.isStack` does: a property
// keyed by a global `Symbol.for`, set once in the constructor. Checking a brand needs no
// import of the class, so a module can recognise a construct without a runtime import cycle.

/** The brand of {@link WorkloadIdentityBase}. */
export const WORKLOAD_IDENTITY = Symbol.for('cdktf-entra-identity.WorkloadIdentity');

/** The brand of {@link ProtectedApi}: an API this program registers, whose roles it may change. */
export const PROTECTED_API = Symbol.for('cdktf-entra-identity.ProtectedApi');

/** Marks `obj` with `brand`. */
export function brand(obj: object, b: symbol): void {
  Object.defineProperty(obj, b, { value: true });
}

/** Whether `obj` carries `brand`. */
export function hasBrand(obj: unknown, b: symbol): boolean {
  return typeof obj === 'object' && obj !== null && b in obj;
}
