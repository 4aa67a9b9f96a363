"""Run by test/bindings/run.ts in a venv that has no azurerm package: the library needs none."""
import importlib.metadata
import importlib.util
import json
import os
import unittest

from cdktf import App, TerraformStack
from cdktf_entra_identity import WorkloadIdentity


# The platform's names (lib/platform.ts), from test/bindings/run.ts: cdktf or cdktn.
PLATFORM = json.loads(os.environ["ENTRA_PLATFORM"])
AZURERM = PLATFORM["providers"]["azurerm"]


class WithoutAzurermTest(unittest.TestCase):
    def test_the_package_requires_no_azurerm_and_none_is_installed(self):
        requires = importlib.metadata.requires(PLATFORM["library"]["pypi"]) or []
        self.assertTrue(any(r.startswith(PLATFORM["providers"]["azuread"]["pypi"]) for r in requires), requires)
        self.assertEqual([r for r in requires if "azurerm" in r], [])
        self.assertIsNone(importlib.util.find_spec(AZURERM["pythonModule"]))

    def test_the_workload_wiring_says_which_package_to_install(self):
        stack = TerraformStack(App(), "wiring")
        with self.assertRaises(Exception) as caught:
            WorkloadIdentity(stack, "WorkerIdentity", name="id-orders", resource_group_name="rg", location="westeurope")
        message = str(caught.exception)
        self.assertIn("[wiring/WorkerIdentity] the workload wiring makes azurerm resources", message)
        minor = ".".join(AZURERM["pypiVersion"].split(".")[:2])
        self.assertIn(f"pip install {AZURERM['pypi']}~={minor} and import it", message)


if __name__ == "__main__":
    unittest.main()
