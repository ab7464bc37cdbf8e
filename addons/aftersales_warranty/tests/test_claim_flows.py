from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimFlows(WarrantyCase):
    """Repair, replace, refund and reject from claim to the documents that settle them."""

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=100)

    def test_repair_flow_creates_a_warranty_repair_and_closes_on_repair_done(self):
        claim = self.make_claim(
            self.unit,
            labour_cost=80.0,
            travel_cost=40.0,
            part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})],
        )
        claim.action_submit()
        self.assertEqual(claim.recommended_decision, "repair")
        self.assertEqual(claim.decision, "repair")
        self.assertEqual(claim.covered_parts, 150.0)
        self.assertEqual(claim.covered_labour, 80.0)
        self.assertEqual(claim.covered_travel, 20.0)  # the policy covers half the travel
        self.assertEqual(claim.claim_amount, 250.0)
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()

        repair = claim.repair_id
        self.assertEqual(repair.lot_id, self.unit.lot_id)
        self.assertTrue(repair.under_warranty)
        self.assertEqual(repair.move_ids.product_id, self.part)
        self.assertEqual(repair.picking_id, claim.return_picking_id)
        self.assertEqual(claim.return_picking_id.move_ids.lot_ids, self.unit.lot_id)
        self.assertFalse(claim.replacement_picking_id or claim.credit_note_id)
        self.assertEqual(self.unit.state, "under_repair")

        self.validate(claim.return_picking_id)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "fixed")
        self.assertEqual(self.unit.state, "in_service")

    def test_the_claim_amount_shows_the_covered_cost_before_submit(self):
        claim = self.make_claim(self.unit, labour_cost=80.0, travel_cost=40.0)
        self.assertFalse(claim.decision)
        # the policy covers the labour and half the travel
        self.assertEqual(claim.claim_amount, 100.0)
        claim.action_decide("refund")
        self.assertEqual(claim.claim_amount, claim.refund_amount)

    def test_replace_flow_hands_a_new_serial_to_the_customer(self):
        claim = self.make_claim(self.unit, requested_remedy="replace", decision="replace")
        self.approve_and_execute(claim)
        delivery = claim.replacement_picking_id
        self.assertEqual(delivery.partner_id, self.customer)
        self.assertFalse(claim.repair_id or claim.credit_note_id)

        new_serial = self.stock_serials()
        delivery.move_ids.lot_ids = new_serial
        delivery.move_ids.picked = True
        delivery.button_validate()
        # the customer has the new unit; the claim closes once the faulty one is back
        self.assertEqual(claim.state, "in_progress")
        self.validate(claim.return_picking_id)

        self.assertEqual(claim.state, "done")
        new_unit = claim.replacement_equipment_id
        self.assertEqual(new_unit.lot_id, new_serial)
        self.assertEqual(new_unit.partner_id, self.customer)
        self.assertEqual(self.unit.state, "replaced")
        self.assertTrue(all(self.unit.warranty_ids.mapped("voided")))
        # the test rule set restarts the warranty on a replacement
        self.assertEqual(new_unit.warranty_ids.date_start, date.today())

    def test_replacements_are_reserved_on_free_serials_oldest_first(self):
        second_unit, third_unit = self.sell(), self.sell()
        spare = self.stock_serials(2)
        claims = self.make_claim(self.unit, decision="replace") | self.make_claim(
            second_unit, decision="replace"
        )
        for claim in claims:
            claim.action_submit()
        claims.with_user(self.approver).action_approve()
        claims.with_user(self.approver).action_execute()
        reserved = claims.replacement_picking_id.move_ids.move_line_ids.lot_id
        self.assertEqual(reserved, spare)
        self.assertEqual(set(claims.replacement_picking_id.mapped("state")), {"assigned"})
        # a third replacement finds no free serial: stock reserves (or waits) as usual
        third = self.make_claim(third_unit, decision="replace")
        third.action_submit()
        third.with_user(self.approver).action_approve()
        third.with_user(self.approver).action_execute()
        self.assertFalse(third.replacement_picking_id.move_ids.move_line_ids)

    def test_refund_flow_credits_the_original_invoice_pro_rata(self):
        self.policy.prorata = "linear"
        claim = self.make_claim(self.unit, decision="refund")
        self.approve_and_execute(claim)
        credit_note = claim.credit_note_id
        invoice = self.unit.sale_line_id.invoice_lines.move_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        warranty = claim.warranty_id
        days = warranty.policy_id._duration_days(warranty.date_start)
        expected = round(1000.0 * (days - 100) / days, 2)
        self.assertAlmostEqual(claim.refund_amount, expected, places=2)
        self.assertAlmostEqual(credit_note.amount_untaxed, expected, places=2)

        self.validate(claim.return_picking_id)  # the faulty unit is back
        credit_note.action_post()
        self.assertEqual(claim.state, "done")

    def test_reject_flow_creates_no_document(self):
        claim = self.make_claim(self.unit, exclusion_ids=[Command.link(self.liquid.id)])
        claim.action_submit()
        self.assertEqual(claim.recommended_decision, "reject")
        self.assertIn("Liquid damage", claim.recommendation_reasons)
        claim.with_user(self.approver).action_reject()
        self.assertEqual(claim.state, "rejected")
        self.assertFalse(claim.return_picking_id or claim.repair_id or claim.replacement_picking_id)
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_execute()

    def test_executing_twice_creates_each_document_once(self):
        claim = self.make_claim(self.unit)
        self.approve_and_execute(claim)
        repair = claim.repair_id
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_execute()
        self.assertEqual(
            self.env["repair.order"].search_count([("lot_id", "=", self.unit.lot_id.id)]), 1
        )
        self.assertEqual(claim.repair_id, repair)

    def test_refund_without_an_invoice_is_refused_and_creates_nothing(self):
        unit = self.sell(invoice=False)
        claim = self.make_claim(unit, decision="refund")
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        pickings_before = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(UserError, "no posted customer invoice"):
            claim.with_user(self.approver).action_execute()
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)
        self.assertEqual(claim.state, "approved")

    def test_no_fault_found_is_not_a_repair_attempt(self):
        first = self.repair(self.make_claim(self.unit))
        first.action_mark_no_fault_found()

        second = self.make_claim(self.unit)
        second.action_run_checks()
        self.assertEqual(second.prior_repairs, 0)
