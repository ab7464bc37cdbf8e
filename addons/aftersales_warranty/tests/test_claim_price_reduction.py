"""Price reduction end to end (issue 13, part 1): offered by the EU and Malaysian rules,
proposed by a method, capped by the price paid, approved through the tiers and paid as a
credit note against the unit's invoice while the goods stay with the customer."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..remedy import price_reduction
from .common import WarrantyCase

MOD = "aftersales_warranty."


@tagged("post_install", "-at_install")
class TestPriceReductionMethod(WarrantyCase):
    def test_methods_are_capped_by_the_price(self):
        shares = {"minor": 10.0, "major": 30.0, "serious": 60.0}
        self.assertEqual(price_reduction("defect_class", 1000.0, "major", shares), 300.0)
        self.assertEqual(price_reduction("repair_cost", 1000.0, repair_cost=250.0), 250.0)
        self.assertEqual(price_reduction("repair_cost", 1000.0, repair_cost=1800.0), 1000.0)
        self.assertEqual(price_reduction("entered", 1000.0, entered=80.0), 80.0)
        self.assertEqual(price_reduction("entered", 1000.0, entered=5000.0), 1000.0)
        with self.assertRaises(ValueError):
            price_reduction("guess", 1000.0)

    def test_claim_proposes_by_policy_or_rule_set_method(self):
        unit = self.sell(price=1000.0)
        self.rule_set.write(
            {
                "price_reduction_method": "defect_class",
                "price_reduction_minor": 10.0,
                "price_reduction_serious": 40.0,
            }
        )
        claim = self.make_claim(unit, labour_cost=150.0)
        self.assertEqual(claim.price_reduction_amount, 400.0)  # serious: 40 % of 1,000
        claim.failure_code_id = self.other_failure
        self.assertEqual(claim.price_reduction_amount, 100.0)  # minor: 10 %
        self.policy.price_reduction_method = "repair_cost"
        claim.labour_cost = 180.0
        self.assertEqual(claim.price_reduction_amount, 180.0)
        with self.assertRaises(ValidationError):
            claim.price_reduction_amount = 1000.01
        self.policy.price_reduction_method = "entered"
        claim.price_reduction_amount = 90.0
        self.assertEqual(claim.price_reduction_amount, 90.0)

    def test_a_submitted_amount_does_not_follow_a_new_method(self):
        unit = self.sell(price=1000.0)
        self.policy.price_reduction_method = "repair_cost"
        claim = self.make_claim(unit, labour_cost=200.0, decision="price_reduction")
        self.assertEqual(claim.price_reduction_amount, 200.0)
        claim.action_submit()
        self.rule_set.write({"price_reduction_method": "defect_class"})
        self.policy.price_reduction_method = False
        self.rule_set.price_reduction_serious = 50.0
        self.assertEqual(claim.price_reduction_amount, 200.0)
        self.assertEqual(claim.claim_amount, 200.0)


@tagged("post_install", "-at_install")
class TestPriceReductionFlow(WarrantyCase):
    """EU regime: a minor defect not remedied in the reasonable time of its category."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.rule_set_id = cls.env.ref(f"{MOD}rule_set_eu_2019_771")
        cls.category.aftersales_service_time_days = 10
        cls.tier = cls.env["tier.definition"].create(
            {
                "name": "Price reductions",
                "model_id": cls.env["ir.model"]._get("aftersales.claim").id,
                "review_type": "group",
                "reviewer_group_id": cls.env.ref(f"{MOD}group_warranty_manager").id,
                "definition_domain": "[('decision', '=', 'price_reduction')]",
                "exclude_requester": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=60)

    def test_offered_once_overdue_not_before(self):
        claim = self.make_claim(self.unit, failure_code_id=self.other_failure.id)
        claim.action_run_checks()
        self.assertEqual(claim.recommended_remedies, "repair, replace")
        with freeze_time(date.today() + timedelta(days=11)):
            claim.action_run_checks()
            self.assertEqual(claim.recommended_remedies, "price_reduction")
            self.assertEqual(claim.recommended_decision, "price_reduction")
            self.assertIn("Price Reduction", claim.allowed_remedies_display)
            self.assertIn(
                self.env.ref(f"{MOD}remedy_rule_eu_minor_overdue").name,
                claim.recommendation_reasons,
            )

    def test_through_the_tiers_to_a_posted_credit_note_goods_kept(self):
        claim = self.make_claim(
            self.unit,
            failure_code_id=self.other_failure.id,
            labour_cost=120.0,
        )
        unit_state = self.unit.state
        with freeze_time(date.today() + timedelta(days=11)):
            claim.action_submit()
        self.assertEqual(claim.decision, "price_reduction")
        self.assertEqual(claim.price_reduction_amount, 120.0)  # the EU set: the repair cost
        self.assertEqual(claim.claim_amount, 120.0)
        self.assertEqual(claim.review_ids.definition_id, self.tier)
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_approve()  # the manager tier decides
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual(claim.state, "approved")
        # the amount is changed after approval: the approval starts over
        claim.price_reduction_amount = 150.0
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.claim_amount, 150.0)
        self.assertEqual(claim.review_ids.mapped("status"), ["pending"])
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual(claim.state, "approved")
        claim.with_user(self.approver).action_execute()
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.return_picking_id, "the goods stay with the customer")
        self.assertFalse(claim.repair_id or claim.replacement_picking_id)
        note = claim.credit_note_id
        self.assertEqual(note.move_type, "out_refund")
        self.assertEqual(note.reversed_entry_id, claim._original_invoice())
        self.assertEqual(note.invoice_line_ids.price_unit, 150.0)
        self.assertEqual(note.amount_untaxed, 150.0)
        with self.assertRaises(UserError):
            claim.price_reduction_amount = 10.0  # carried out: no longer changes
        note.action_post()
        self.assertEqual(claim.state, "done")
        self.assertEqual(self.unit.state, unit_state)
        self.assertEqual(self.unit.partner_id, self.customer)
        self.assertFalse(
            self.env["stock.picking"].search([("origin", "=", claim.name)]),
            "no picking of any kind",
        )
