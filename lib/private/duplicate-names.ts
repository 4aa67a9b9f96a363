// Two registrations of one cdktf app with the same display name: with prevent_duplicate_names
// (the library's default), the provider refuses to create the second, half-way through an apply
// (PROVIDER-RULES, azuread_application CustomizeDiff 1). So it is a synth error, across stacks.
import { IConstruct } from 'constructs';
import { isUnresolved } from './validation';

interface Named {
  readonly owner: IConstruct;
  readonly displayName: string;
  readonly preventDuplicateNames: boolean;
}

/** Every registration of each app (the construct tree's root), by lower-cased display name. */
const BY_APP = new WeakMap<IConstruct, Map<string, Named[]>>();

/**
 * Records a registration's display name, and adds a check to it: no other registration of the
 * app may have the same name while either of them keeps `preventDuplicateNames`.
 */
export function checkUniqueDisplayName(owner: IConstruct, displayName: string, preventDuplicateNames: boolean): void {
  if (isUnresolved(displayName)) return;
  const root = owner.node.root;
  let names = BY_APP.get(root);
  if (!names) {
    names = new Map();
    BY_APP.set(root, names);
  }
  const key = displayName.toLowerCase();
  const list = names.get(key) ?? [];
  names.set(key, list);
  const me: Named = { owner, displayName, preventDuplicateNames };
  list.push(me);
  owner.node.addValidation({
    validate: () => list.filter((o) => o !== me && (o.preventDuplicateNames || me.preventDuplicateNames)).map((o) => {
      const keeping = [me, o].filter((n) => n.preventDuplicateNames).map((n) => n.owner.node.path);
      const same = o.displayName === displayName ? `'${displayName}'` : `'${displayName}' (and '${o.displayName}', the same but for case)`;
      return `display name ${same} is also the display name of ${o.owner.node.path}, and ${keeping.join(' and ')} `
        + `keep${keeping.length === 1 ? 's' : ''} preventDuplicateNames (the default): the provider refuses to create the second `
        + 'registration, half-way through the apply. Give one of them another displayName.';
    }),
  });
}
