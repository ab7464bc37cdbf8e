from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .contract_common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractSecurity(ServiceContractCase):
    def test_warranty_users_read_contracts_and_managers_make_them(self):
        contract = self.make_contract(user=self.warranty_manager)
        plain_user = new_test_user(
            self.env, "as_w_plain_contract", groups="aftersales_warranty.group_warranty_user"
        )
        self.assertEqual(contract.with_user(plain_user).aftersales_unit_count, 2)
        with self.assertRaises(AccessError):
            contract.with_user(plain_user).write({"aftersales_visits_per_year": 2})
        with self.assertRaises(AccessError):
            self.make_contract(user=plain_user)
        with self.assertRaises(AccessError):
            contract.with_user(self.internal_user).read(["name"])

    def test_a_contract_of_another_company_stays_hidden(self):
        other_company = self.env["res.company"].create({"name": "Chillers Asia"})
        outsider = new_test_user(
            self.env,
            "as_w_other_company_manager",
            groups="aftersales_warranty.group_warranty_manager,account.group_account_invoice",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        contract = self.make_contract()
        Contract = self.env["contract.contract"].with_user(outsider)
        self.assertFalse(Contract.search([("id", "=", contract.id)]))
        with self.assertRaises(AccessError):
            contract.with_user(outsider).read(["name"])
