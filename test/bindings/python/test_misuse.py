"""Misuse from Python: the library's errors reach a Python program with their message intact.

Run by test/bindings/run.ts in the venv it builds (python -m unittest discover test/bindings/python).
"""
import os
import tempfile
import unittest

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_entra_identity import AppRoleDefinition, EntraGroup, MemberType, ProtectedApi

READERS = "11111111-2222-3333-4444-555555555555"


def orders_api(outdir: str):
    app = App(outdir=outdir)
    stack = TerraformStack(app, "misuse")
    AzureadProvider(stack, "azuread")
    api = ProtectedApi(stack, "OrdersApi", display_name="Orders API", app_roles=[
        AppRoleDefinition(value="Orders.Read", description="Read orders",
                          allowed_member_types=[MemberType.USER, MemberType.APPLICATION]),
        AppRoleDefinition(value="Orders.Write", description="Create and change orders",
                          allowed_member_types=[MemberType.APPLICATION]),
    ])
    return app, stack, api


class MisuseTest(unittest.TestCase):
    def test_a_duplicate_grant_fails_at_synth_with_the_message_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as outdir:
            app, stack, api = orders_api(outdir)
            # The same group under two construct ids: each grant alone is fine, together they fail at apply.
            api.grant_app_role(EntraGroup.from_object_id(stack, "Readers", READERS), api.app_role("Orders.Read"))
            api.grant_app_role(EntraGroup.from_object_id(stack, "ReadersAgain", READERS), api.app_role("Orders.Read"))
            with self.assertRaises(Exception) as caught:
                app.synth()
            message = str(caught.exception)
            self.assertIn(
                "[misuse/OrdersApi] app role 'Orders.Read' is assigned to misuse/ReadersAgain by both "
                "misuse/OrdersApi/Grant:Readers:Orders.Read and misuse/OrdersApi/Grant:ReadersAgain:Orders.Read. "
                "Entra allows one assignment of a role per principal, so the second fails at apply; remove one of them.",
                message)
            self.assertNotIn("${TfToken[", message)
            self.assertFalse(os.path.exists(os.path.join(outdir, "stacks", "misuse", "cdk.tf.json")),
                             "nothing may be written when validation fails")

    def test_a_role_for_apps_only_granted_to_a_group_fails_at_once_naming_path_and_rule(self):
        with tempfile.TemporaryDirectory() as outdir:
            _, stack, api = orders_api(outdir)
            with self.assertRaises(Exception) as caught:
                api.grant_app_role(EntraGroup.from_object_id(stack, "Writers", READERS), api.app_role("Orders.Write"))
            message = str(caught.exception)
            self.assertIn("misuse/OrdersApi", message)
            self.assertIn("Orders.Write", message)
            self.assertIn("ENTRA-RULES 6", message)


if __name__ == "__main__":
    unittest.main()
