// The names the workload wiring reads and writes on azurerm app resources. A leaf with no imports: the
// constructs import it at load, and workload-config.ts (which reads a resource's configuration and
// needs cdktf's resolver) loads only when an app is checked.

/** The azurerm App Service resource types (app settings, Key Vault references by `key_vault_reference_identity_id`). */
export const APP_SERVICE_TYPES = [
  'azurerm_linux_function_app', 'azurerm_windows_function_app', 'azurerm_linux_web_app', 'azurerm_windows_web_app',
];
/** The azurerm Container Apps resource type (environment variables, secrets with an `identity`). */
export const CONTAINER_APP_TYPE = 'azurerm_container_app';

/** The setting DefaultAzureCredential reads to pick a user-assigned identity (ENTRA-RULES 21). */
export const CLIENT_ID_SETTING = 'AZURE_CLIENT_ID';

/** What `key_vault_reference_identity_id` / a Container Apps secret's `identity` say for the system-assigned identity. */
export const APP_SERVICE_SYSTEM = 'SystemAssigned';
export const CONTAINER_APP_SYSTEM = 'System';
