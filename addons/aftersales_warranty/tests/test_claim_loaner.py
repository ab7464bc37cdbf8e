"""Loaners (issue 13, part 3): lent from the loaner location where the rule set requires one,
returned, overdue loaners listed, and a reminder when a claim ends with its loaner out."""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import WarrantyCase


class LoanerCase(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_set.loaner_after_days = 1
        cls.loaner_location = cls.env["stock.location"].create(
            {
                "name": "Loaners (test)",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.company.aftersales_loaner_location_id = cls.loaner_location
        cls.loaner = cls.env["stock.lot"].create({"name": "LOAN-001", "product_id": cls.product.id})
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.loaner_location, 1, lot_id=cls.loaner
        )

    def setUp(self):
        super().setUp()
        self.unit = self.sell()
        self.unit.delivery_date = date.today() - timedelta(days=30)

    def claim_in_repair(self):
        claim = self.make_claim(self.unit, decision="repair")
        self.approve_and_execute(claim)
        return claim

    def where(self, lot):
        return self.env["stock.quant"].search([("lot_id", "=", lot.id), ("quantity", ">", 0)])


@tagged("post_install", "-at_install")
class TestLoaner(LoanerCase):
    def test_a_loaner_is_lent_and_returned(self):
        claim = self.claim_in_repair()
        claim.action_lend_loaner()
        self.assertEqual(claim.loaner_state, "to_deliver")
        self.assertEqual(claim.loaner_lot_id, self.loaner)
        delivery = claim.loaner_picking_id
        self.assertEqual(delivery.location_id, self.loaner_location)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, self.loaner)
        self.validate(delivery)
        self.assertEqual(claim.loaner_state, "lent")
        self.assertEqual(self.where(self.loaner).location_id.usage, "customer")
        with self.assertRaises(UserError):
            claim.action_lend_loaner()  # one loaner at a time
        claim.action_return_loaner()
        self.assertEqual(claim.loaner_state, "returning")
        self.validate(claim.loaner_return_picking_id)
        self.assertEqual(claim.loaner_state, "returned")
        self.assertEqual(self.where(self.loaner).location_id, self.loaner_location)
        # the claim ends without a reminder
        self.validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        self.assertEqual(claim.state, "done")
        self.assertFalse(claim.activity_ids.filtered(lambda a: a.summary == "Loaner not returned"))

    def test_only_where_the_rules_require_one_and_a_loaner_is_free(self):
        claim = self.claim_in_repair()
        self.rule_set.loaner_after_days = 0
        with self.assertRaisesRegex(UserError, "do not require a loaner"):
            claim.action_lend_loaner()
        self.rule_set.loaner_after_days = 1
        other = self.make_claim(self.sell(), decision="repair")
        claim.action_lend_loaner()
        with self.assertRaisesRegex(UserError, "No loaner"):
            other.action_lend_loaner()
        self.assertFalse(other.loaner_picking_id)

    def test_overdue_loaners_are_listed_and_ending_the_claim_reminds(self):
        claim = self.claim_in_repair()
        claim.action_lend_loaner()
        self.validate(claim.loaner_picking_id)
        Claim = self.env["aftersales.claim"]
        self.assertFalse(claim.loaner_overdue)
        claim.loaner_due_date = date.today() - timedelta(days=1)
        self.assertTrue(claim.loaner_overdue)
        self.assertIn(claim, Claim.search([("loaner_overdue", "=", True)]))
        claim.loaner_due_date = False
        self.assertNotIn(claim, Claim.search([("loaner_overdue", "=", True)]))
        # the repair ends, the loaner is still out: overdue, and the handler is reminded
        self.validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        self.assertEqual(claim.state, "done")
        self.assertTrue(claim.loaner_overdue)
        self.assertIn(claim, Claim.search([("loaner_overdue", "=", True)]))
        reminder = claim.activity_ids.filtered(lambda a: a.summary == "Loaner not returned")
        self.assertEqual(reminder.user_id, self.warranty_user)
        self.assertIn("LOAN-001", str(reminder.note))
        claim.action_return_loaner()
        self.validate(claim.loaner_return_picking_id)
        self.assertFalse(claim.loaner_overdue)

    def test_who_may_lend_and_take_back(self):
        portal = new_test_user(self.env, "as_loan_portal", groups="base.group_portal")
        service = new_test_user(
            self.env, "as_loan_service", groups="aftersales_service.group_service_user"
        )
        claim = self.claim_in_repair()
        for user in (portal, service):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                claim.with_user(user).action_lend_loaner()
        self.assertEqual(claim.loaner_state, "none")
        with self.assertRaises(AccessError):
            claim.with_user(self.warranty_user).write({"loaner_picking_id": False})
        claim.with_user(self.warranty_user).action_lend_loaner()
        self.validate(claim.loaner_picking_id)
        with self.assertRaises(UserError):
            claim.with_user(service).action_return_loaner()
        claim.with_user(self.warranty_user).action_return_loaner()
        self.assertEqual(claim.loaner_state, "returning")
