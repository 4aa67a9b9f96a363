"""The main example (examples/orders/main.ts) in Python, through the jsii binding.

Same stacks, construct ids and values as the TypeScript program, so both synthesize the same
cdk.tf.json; test/bindings/run.ts proves it on every CI run.

    python examples/orders/main.py      (CDKTF_OUTDIR sets where cdktf.out/ goes)
"""
from cdktf import App, TerraformOutput, TerraformStack, TerraformVariable
from constructs import Construct
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
from cdktf_cdktf_provider_azurerm.key_vault import KeyVault
from cdktf_cdktf_provider_azurerm.key_vault_secret import KeyVaultSecret
from cdktf_cdktf_provider_azurerm.linux_function_app import (
    LinuxFunctionApp, LinuxFunctionAppIdentity, LinuxFunctionAppSiteConfig, LinuxFunctionAppSiteConfigApplicationStack,
)
from cdktf_cdktf_provider_azurerm.provider import AzurermProvider, AzurermProviderFeatures
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.role_assignment import RoleAssignment
from cdktf_cdktf_provider_azurerm.service_plan import ServicePlan
from cdktf_cdktf_provider_azurerm.storage_account import StorageAccount
from cdktf_entra_identity import (
    AccessMap, ApiScopeSetting, AppRoleDefinition, EntraGroup, MemberType, ProtectedApi, SpaApp, WorkloadIdentity,
)


class OrdersStack(TerraformStack):
    """The field note end to end: a protected Orders API, groups mapped to roles, a SPA and a Functions app."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        AzureadProvider(self, "azuread")
        AzurermProvider(self, "azurerm", features=[AzurermProviderFeatures()])

        # --- The API: roles for users and apps, a delegated scope for the SPA. ---
        api = ProtectedApi(self, "OrdersApi",
            display_name="Orders API",
            app_roles=[
                AppRoleDefinition(value="Orders.Read", description="Read orders",
                                  allowed_member_types=[MemberType.USER, MemberType.APPLICATION]),
                AppRoleDefinition(value="Orders.Write", description="Create and change orders",
                                  allowed_member_types=[MemberType.APPLICATION]),
            ])
        admin = api.add_app_role("Orders.Admin", description="Administer orders", allowed_member_types=[MemberType.USER])
        api.add_scope("Orders.Access", admin_consent_description="Call the Orders API as the signed-in user")

        # --- Groups mapped to roles in the API's enterprise application. ---
        api.grant_app_role(EntraGroup.from_object_id(self, "OrderAdmins", "11111111-2222-3333-4444-555555555555",
                                                     display_name="Order admins"), admin)
        api.grant_app_role(EntraGroup.from_display_name(self, "OrderReaders", "Order readers"), api.app_role("Orders.Read"))

        # --- The SPA: signs users in and calls the API with the Orders.Access scope. ---
        web = SpaApp(self, "Web", display_name="Orders Web", redirect_uris=["https://orders.contoso.com/"])
        web.request_scope(api, api.scope("Orders.Access"))

        # --- Azure: resource group, storage and plan for the Functions app. ---
        rg = ResourceGroup(self, "Rg", name="rg-orders", location="westeurope")
        current = DataAzurermClientConfig(self, "Current")
        storage = StorageAccount(self, "Storage",
            name="stordersfunc",
            resource_group_name=rg.name,
            location=rg.location,
            account_tier="Standard",
            account_replication_type="LRS",
            min_tls_version="TLS1_2",
            allow_nested_items_to_be_public=False)
        plan = ServicePlan(self, "Plan",
            name="asp-orders", resource_group_name=rg.name, location=rg.location, os_type="Linux", sku_name="Y1")

        # --- Key Vault (Azure RBAC) with the secret the function reads through a Key Vault reference. ---
        vault = KeyVault(self, "Vault",
            name="kv-orders-example",
            resource_group_name=rg.name,
            location=rg.location,
            tenant_id=current.tenant_id,
            sku_name="standard",
            rbac_authorization_enabled=True,
            purge_protection_enabled=True)
        # The deployer writes the secret, so it needs to be a secrets officer on this vault.
        deployer_writes = RoleAssignment(self, "DeployerWritesSecrets",
            scope=vault.id, role_definition_name="Key Vault Secrets Officer", principal_id=current.object_id)
        db_connection = TerraformVariable(self, "ordersDbConnection",
            type="string", sensitive=True, description="Connection string of the orders database; stored in Key Vault only")
        secret = KeyVaultSecret(self, "DbConnection",
            name="orders-db-connection", key_vault_id=vault.id, value=db_connection.string_value,
            depends_on=[deployer_writes])

        # --- The workload identity, shared by every service that calls the Orders API. ---
        worker = WorkloadIdentity(self, "WorkerIdentity",
            name="id-orders-worker", resource_group_name=rg.name, location=rg.location)
        wiring = worker.wiring_for(
            system_assigned=True,  # Key Vault references resolve with it (the default when present)
            api_scopes=[ApiScopeSetting(setting_name="ORDERS_API_SCOPE", api=api)])

        # --- The Functions app, declared with the provider's own class. ---
        fn = LinuxFunctionApp(self, "OrdersFunction",
            name="func-orders",
            resource_group_name=rg.name,
            location=rg.location,
            service_plan_id=plan.id,
            storage_account_name=storage.name,
            storage_account_access_key=storage.primary_access_key,
            https_only=True,
            site_config=LinuxFunctionAppSiteConfig(
                application_stack=LinuxFunctionAppSiteConfigApplicationStack(
                    dotnet_version="8.0", use_dotnet_isolated_runtime=True),
                minimum_tls_version="1.2"),
            # TypeScript passes wiring.identity as it is (structural typing); Python wants the provider's own struct.
            identity=LinuxFunctionAppIdentity(type=wiring.identity.type, identity_ids=wiring.identity.identity_ids),
            key_vault_reference_identity_id=wiring.key_vault_reference_identity_id,
            app_settings={
                **wiring.app_settings,  # AZURE_CLIENT_ID and ORDERS_API_SCOPE
                "ORDERS_DB": f"@Microsoft.KeyVault(SecretUri={secret.versionless_id})",
            })
        # jsii turns a struct that is a method's last parameter into keyword arguments in Python.
        fn_identity = worker.bind_app(fn,
            app_settings=wiring.app_settings,
            container_app_secret_identity=wiring.container_app_secret_identity,
            default_credential=wiring.default_credential,
            environment_variables=wiring.environment_variables,
            identity=wiring.identity,
            key_vault_references=wiring.key_vault_references,
            system_assigned=wiring.system_assigned,
            workload_identity_resource_id=wiring.workload_identity_resource_id,
            key_vault_reference_identity_id=wiring.key_vault_reference_identity_id)
        fn_identity.grant_key_vault_secrets_read(vault)

        # --- API roles for both identities. ---
        api.grant_app_role(worker, api.app_role("Orders.Write"))  # what the code signs in with
        api.grant_app_role(fn_identity.system_assigned_identity, api.app_role("Orders.Read"))

        # --- What the code and the SPA need; no secrets. ---
        TerraformOutput(self, "ordersApiClientId", value=api.client_id)
        TerraformOutput(self, "ordersApiDefaultScope", value=api.default_scope,
                        description="The scope managed identities request")
        TerraformOutput(self, "workerIdentityClientId", value=worker.client_id,
                        description="AZURE_CLIENT_ID of the functions")
        web.add_outputs(prefix="web")

        # --- Who can call what: access-map.md and access-map.json next to cdk.tf.json. ---
        AccessMap.enable(self)


def build_app(app: App) -> None:
    """Adds the example's stacks to `app`."""
    OrdersStack(app, "orders")


if __name__ == "__main__":
    app = App()
    build_app(app)
    app.synth()
