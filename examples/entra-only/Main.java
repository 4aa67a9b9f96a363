// examples/entra-only/main.ts in Java: the Entra side alone, with no azurerm artifact.
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.azuread.provider.AzureadProvider;
import io.github.cdktfentraidentity.AppRole;
import io.github.cdktfentraidentity.AppRoleOptions;
import io.github.cdktfentraidentity.EntraGroup;
import io.github.cdktfentraidentity.ManagedIdentity;
import io.github.cdktfentraidentity.MemberType;
import io.github.cdktfentraidentity.PermissionScope;
import io.github.cdktfentraidentity.ProtectedApi;
import io.github.cdktfentraidentity.RequiredRights;
import io.github.cdktfentraidentity.ScopeOptions;
import io.github.cdktfentraidentity.SpaApp;
import io.github.cdktfentraidentity.SystemAssignedIdentityAttributes;
import io.github.cdktfentraidentity.UserAssignedIdentityAttributes;
import java.util.List;

public final class Main {
    public static void main(String[] args) {
        App app = new App();
        TerraformStack stack = new TerraformStack(app, "entra");
        AzureadProvider.Builder.create(stack, "azuread").build();

        ProtectedApi api = ProtectedApi.Builder.create(stack, "OrdersApi").displayName("Orders API").build();
        AppRole read = api.addAppRole("Orders.Read", AppRoleOptions.builder()
                .description("Read orders").allowedMemberTypes(List.of(MemberType.USER, MemberType.APPLICATION)).build());
        AppRole write = api.addAppRole("Orders.Write", AppRoleOptions.builder()
                .description("Change orders").allowedMemberTypes(List.of(MemberType.APPLICATION)).build());
        PermissionScope access = api.addScope("Orders.Access", ScopeOptions.builder()
                .adminConsentDescription("Call the Orders API as the signed-in user").build());

        api.grantAppRole(EntraGroup.fromObjectId(stack, "OrderReaders", "11111111-2222-3333-4444-555555555555"), read);
        api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, "OrdersFunction", SystemAssignedIdentityAttributes.builder()
                .principalId("3f2504e0-4f89-41d3-9a0c-0305e82c3301").displayName("func-orders").build()), read);
        api.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, "Worker", UserAssignedIdentityAttributes.builder()
                .principalId("9a8b7c6d-1111-4222-8333-444455556666").clientId("0f1e2d3c-4b5a-4697-8877-665544332211")
                .displayName("id-orders-worker").build()), write);

        SpaApp web = SpaApp.Builder.create(stack, "Web").displayName("Orders Web").redirectUris(List.of("https://orders.contoso.com/")).build();
        web.requestScope(api, access);

        TerraformOutput.Builder.create(stack, "ordersApiDefaultScope").value(api.getDefaultScope()).build();

        RequiredRights.enable(stack);

        app.synth();
    }
}
