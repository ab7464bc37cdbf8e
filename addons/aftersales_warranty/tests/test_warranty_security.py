from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import WarrantyCase

WARRANTY_MODELS = [
    "aftersales.warranty.policy",
    "aftersales.warranty.prorata",
    "aftersales.warranty.exclusion",
    "aftersales.warranty",
    "aftersales.failure.code",
    "aftersales.claim.symptom",
    "aftersales.claim",
    "aftersales.claim.check",
    "aftersales.claim.part",
    "aftersales.remedy.rule.set",
    "aftersales.remedy.rule",
]


@tagged("post_install", "-at_install")
class TestWarrantySecurity(WarrantyCase):
    def test_every_model_has_access_rows_for_each_warranty_role(self):
        for model in WARRANTY_MODELS:
            for user in (self.warranty_user, self.approver, self.warranty_manager):
                self.assertTrue(
                    self.env[model].with_user(user).has_access("read"), (model, user.login)
                )
            self.assertFalse(
                self.env[model].with_user(self.internal_user).has_access("read"), model
            )

    def test_configuration_is_for_managers(self):
        for model in (
            "aftersales.warranty.policy",
            "aftersales.failure.code",
            "aftersales.remedy.rule.set",
        ):
            self.assertFalse(self.env[model].with_user(self.approver).has_access("write"), model)
            self.assertTrue(
                self.env[model].with_user(self.warranty_manager).has_access("write"), model
            )
        self.assertFalse(
            self.env["aftersales.warranty"].with_user(self.warranty_user).has_access("write")
        )
        self.assertTrue(
            self.env["aftersales.warranty"].with_user(self.approver).has_access("write")
        )

    def test_service_users_read_cover_but_not_claims_they_cannot_change(self):
        unit = self.sell()
        claim = self.make_claim(unit)
        self.assertEqual(unit.with_user(self.service_user).warranty_state, "covered")
        claim.with_user(self.service_user).read(["state"])
        with self.assertRaises(AccessError):
            claim.with_user(self.service_user).write({"description": "changed"})

    def test_claims_and_cover_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other After-Sales Co"})
        outsider = new_test_user(
            self.env,
            "as_w_outsider",
            groups="aftersales_warranty.group_warranty_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        unit = self.sell()
        claim = self.make_claim(unit, failure_date=date.today())
        for record in (claim, unit.warranty_ids, self.policy):
            self.assertFalse(
                record.with_user(outsider).search([("id", "=", record.id)]), record._name
            )
        # a shared policy (no company) is visible to every company
        shared = self.env["aftersales.warranty.policy"].create(
            {"name": "Shared", "company_id": False, "rule_set_id": self.rule_set.id}
        )
        self.assertTrue(shared.with_user(outsider).search([("id", "=", shared.id)]))

    def test_portal_users_read_only_their_cover_and_claims(self):
        # the customer portal (warranty_portal) reads claims, cover and its policy, no more
        portal = new_test_user(self.env, "as_w_portal", groups="base.group_portal")
        readable = {"aftersales.warranty.policy", "aftersales.warranty", "aftersales.claim"}
        for model in WARRANTY_MODELS:
            Model = self.env[model].with_user(portal)
            self.assertEqual(Model.has_access("read"), model in readable, model)
            self.assertFalse(Model.has_access("write"), model)
            self.assertFalse(Model.has_access("create"), model)
