// One object id is one directory object of one type (Graph: directoryObject.id). A program that
// grants to the same id once as a group and once as a user has mixed up two ids, and Entra would
// assign the role to whatever the id really is, or refuse it. So it is a synth error, across the app.
import { IConstruct } from 'constructs';
import { entraError } from './validation';
import { isGuid } from './uuid';

/**
 * The directory object type behind each principal kind. A managed identity's principal is a
 * service principal (Graph: servicePrincipalType ManagedIdentity), so the two kinds may share an id.
 */
const OBJECT_TYPE: Record<string, string> = {
  Group: 'group', User: 'user', ServicePrincipal: 'servicePrincipal', ManagedIdentity: 'servicePrincipal',
};

/** Each app's (the tree root's) literal object ids, with the first kind and construct that named each. */
const BY_APP = new WeakMap<IConstruct, Map<string, Use>>();
interface Use { readonly kind: string; readonly scope: IConstruct }
/**
 * Per scope seen: its tree root, and one record per kind it used. A table records thousands of
 * rows from one scope, so neither the walk to the root nor a record is made per row.
 */
const SCOPES = new WeakMap<IConstruct, { readonly root: IConstruct; readonly uses: Map<string, Use> }>();

/**
 * Records that `scope` uses `objectId` as a principal of `kind`, and throws if the app named the
 * same id (in any case) as a principal of another directory object type. Tokens are not judged.
 */
export function recordPrincipalKind(scope: IConstruct, objectId: string, kind: string, what: string | (() => string) = 'object id'): void {
  // A GUID is never a token, so the regexp alone decides.
  if (typeof objectId !== 'string' || !isGuid(objectId) || OBJECT_TYPE[kind] === undefined) return;
  let seen = SCOPES.get(scope);
  if (seen === undefined) {
    seen = { root: scope.node.root, uses: new Map() };
    SCOPES.set(scope, seen);
  }
  let ids = BY_APP.get(seen.root);
  if (!ids) {
    ids = new Map();
    BY_APP.set(seen.root, ids);
  }
  const key = objectId.toLowerCase();
  const first = ids.get(key);
  if (first === undefined) {
    let use = seen.uses.get(kind);
    if (use === undefined) {
      use = { kind, scope };
      seen.uses.set(kind, use);
    }
    ids.set(key, use);
    return;
  }
  if (OBJECT_TYPE[first.kind] !== OBJECT_TYPE[kind]) {
    throw entraError(scope, `${typeof what === 'function' ? what() : what} ${key} is used as a ${kind}, but ${first.scope.node.path} uses it as a ${first.kind}; one object id is one `
      + 'directory object of one type (a group, a user or a service principal). One of the two ids is wrong: check it in Entra.');
  }
}
