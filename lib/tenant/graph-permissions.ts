// Published permission ids of Microsoft Graph, so that `adopt` writes a registration's Graph
// permissions by name (`requestGraphScope('User.Read')`, `requestGraphAppRole('User.Read.All')`)
// instead of leaving GUIDs in a note. The ids are the same in every tenant: they are Microsoft
// Graph's `oauth2PermissionScopes[].id` (delegated) and `appRoles[].id` (application), as the
// Microsoft Graph permissions reference lists them. A permission not in this table is reported
// by `adopt` with its id, never guessed.

/** Microsoft Graph's Application (client) id. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Delegated permissions (scopes) of Microsoft Graph: id -> value. */
export const GRAPH_SCOPES: Readonly<Record<string, string>> = {
  '37f7f235-527c-4136-accd-4a02d197296e': 'openid',
  '14dad69e-099b-42c9-810b-d002981feec1': 'profile',
  '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0': 'email',
  '7427e0e9-2fba-42fe-b0c0-848c9e6a8182': 'offline_access',
  'e1fe6dd8-ba31-4d61-89e7-88639da4683d': 'User.Read',
  'b340eb25-3456-403f-be2f-af7a0d370277': 'User.ReadBasic.All',
};

/** Application permissions (app roles) of Microsoft Graph: id -> value. */
export const GRAPH_APP_ROLES: Readonly<Record<string, string>> = {
  'df021288-bdef-4463-88db-98f22de89214': 'User.Read.All',
  '741f803b-c850-494e-b5df-cde7c675a1ca': 'User.ReadWrite.All',
  '5b567255-7703-4780-807c-7be8301ae99b': 'Group.Read.All',
  '62a82d76-70ea-41e2-9197-370581804d09': 'Group.ReadWrite.All',
  '98830695-27a2-44f7-8c18-0c3ebc9698f6': 'GroupMember.Read.All',
  '7ab1d382-f21e-4acd-a863-ba3e13f7da61': 'Directory.Read.All',
  '19dbc75e-c2e2-444c-a770-ec69d8559fc7': 'Directory.ReadWrite.All',
  '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30': 'Application.Read.All',
  '18a4783c-866b-4cc7-a460-3d5e5662c884': 'Application.ReadWrite.OwnedBy',
  '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9': 'Application.ReadWrite.All',
  '06b708a9-e830-4db3-a914-8e69da51d44f': 'AppRoleAssignment.ReadWrite.All',
  '01d4889c-1287-42c6-ac1f-5d1e02578ef6': 'Files.Read.All',
  'b633e1c5-b582-4048-a93e-9f11b44c7e96': 'Mail.Send',
};

/**
 * Whether a Microsoft Graph application permission is high-privilege: it writes every object of
 * a kind (`*.ReadWrite.All`), reaches the whole directory (`Directory.*`), manages role
 * assignments (`RoleManagement.*`, `AppRoleAssignment.ReadWrite.All`: a holder can grant itself
 * any permission) or every app registration (`Application.ReadWrite.All`). What `audit` flags.
 */
export function isHighPrivilegeGraphAppRole(value: string): boolean {
  return /\.ReadWrite\.All$/.test(value) || /^(Directory|RoleManagement)\./.test(value)
    || value === 'AppRoleAssignment.ReadWrite.All' || value === 'Application.ReadWrite.All';
}
