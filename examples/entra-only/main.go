// examples/entra-only/main.ts in Go: the Entra side alone, with no azurerm module.
package main

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf-entra-identity/cdktf-entra-identity-go/cdktfentraidentity"
	"github.com/cdktf/cdktf-provider-azuread-go/azuread/v14/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func main() {
	app := cdktf.NewApp(nil)
	stack := cdktf.NewTerraformStack(app, jsii.String("entra"))
	provider.NewAzureadProvider(stack, jsii.String("azuread"), &provider.AzureadProviderConfig{})

	api := cdktfentraidentity.NewProtectedApi(stack, jsii.String("OrdersApi"), &cdktfentraidentity.ProtectedApiProps{
		DisplayName: jsii.String("Orders API"),
	})
	read := api.AddAppRole(jsii.String("Orders.Read"), &cdktfentraidentity.AppRoleOptions{
		Description:        jsii.String("Read orders"),
		AllowedMemberTypes: &[]cdktfentraidentity.MemberType{cdktfentraidentity.MemberType_USER, cdktfentraidentity.MemberType_APPLICATION},
	})
	write := api.AddAppRole(jsii.String("Orders.Write"), &cdktfentraidentity.AppRoleOptions{
		Description:        jsii.String("Change orders"),
		AllowedMemberTypes: &[]cdktfentraidentity.MemberType{cdktfentraidentity.MemberType_APPLICATION},
	})
	access := api.AddScope(jsii.String("Orders.Access"), &cdktfentraidentity.ScopeOptions{
		AdminConsentDescription: jsii.String("Call the Orders API as the signed-in user"),
	})

	api.GrantAppRole(cdktfentraidentity.EntraGroup_FromObjectId(stack, jsii.String("OrderReaders"),
		jsii.String("11111111-2222-3333-4444-555555555555"), nil), read, nil)
	api.GrantAppRole(cdktfentraidentity.ManagedIdentity_FromSystemAssigned(stack, jsii.String("OrdersFunction"),
		&cdktfentraidentity.SystemAssignedIdentityAttributes{
			PrincipalId: jsii.String("3f2504e0-4f89-41d3-9a0c-0305e82c3301"), DisplayName: jsii.String("func-orders"),
		}), read, nil)
	api.GrantAppRole(cdktfentraidentity.ManagedIdentity_FromUserAssignedAttributes(stack, jsii.String("Worker"),
		&cdktfentraidentity.UserAssignedIdentityAttributes{
			PrincipalId: jsii.String("9a8b7c6d-1111-4222-8333-444455556666"), ClientId: jsii.String("0f1e2d3c-4b5a-4697-8877-665544332211"),
			DisplayName: jsii.String("id-orders-worker"),
		}), write, nil)

	web := cdktfentraidentity.NewSpaApp(stack, jsii.String("Web"), &cdktfentraidentity.SpaAppProps{
		DisplayName: jsii.String("Orders Web"), RedirectUris: jsii.Strings("https://orders.contoso.com/"),
	})
	web.RequestScope(api, access, nil)

	cdktf.NewTerraformOutput(stack, jsii.String("ordersApiDefaultScope"), &cdktf.TerraformOutputConfig{Value: api.DefaultScope()})

	cdktfentraidentity.RequiredRights_Enable(stack, nil)

	app.Synth()
}
