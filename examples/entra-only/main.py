"""examples/entra-only/main.ts in Python: the Entra side alone, with no azurerm package installed."""
from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_entra_identity import EntraGroup, ManagedIdentity, MemberType, ProtectedApi, RequiredRights, SpaApp


def build_app(app: App) -> None:
    stack = TerraformStack(app, "entra")
    AzureadProvider(stack, "azuread")

    api = ProtectedApi(stack, "OrdersApi", display_name="Orders API")
    read = api.add_app_role("Orders.Read", description="Read orders", allowed_member_types=[MemberType.USER, MemberType.APPLICATION])
    write = api.add_app_role("Orders.Write", description="Change orders", allowed_member_types=[MemberType.APPLICATION])
    access = api.add_scope("Orders.Access", admin_consent_description="Call the Orders API as the signed-in user")

    api.grant_app_role(EntraGroup.from_object_id(stack, "OrderReaders", "11111111-2222-3333-4444-555555555555"), read)
    api.grant_app_role(ManagedIdentity.from_system_assigned(stack, "OrdersFunction",
        principal_id="3f2504e0-4f89-41d3-9a0c-0305e82c3301", display_name="func-orders"), read)
    api.grant_app_role(ManagedIdentity.from_user_assigned_attributes(stack, "Worker",
        principal_id="9a8b7c6d-1111-4222-8333-444455556666", client_id="0f1e2d3c-4b5a-4697-8877-665544332211",
        display_name="id-orders-worker"), write)

    web = SpaApp(stack, "Web", display_name="Orders Web", redirect_uris=["https://orders.contoso.com/"])
    web.request_scope(api, access)

    TerraformOutput(stack, "ordersApiDefaultScope", value=api.default_scope)

    RequiredRights.enable(stack)


if __name__ == "__main__":
    app = App()
    build_app(app)
    app.synth()
