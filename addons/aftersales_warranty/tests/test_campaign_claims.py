from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignClaims(CampaignCase):
    """Replacement and refund campaigns carry out their remedy through a claim without cover
    checks or approval; its cost stays on the campaign."""

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        # long out of warranty: a campaign remedies it anyway
        self.unit.delivery_date = date.today() - timedelta(days=3000)
        self.other_unit = self.sell(price=900.0)

    def launch(self, remedy):
        campaign = self.make_campaign(remedy=remedy)
        campaign.action_launch()
        task = campaign.unit_ids.filtered(lambda t: t.equipment_id == self.unit)
        self.assertTrue(task)
        return campaign, task

    def test_replacement_task_returns_and_replaces_without_approval(self):
        campaign, task = self.launch("replacement")
        self.assertEqual(campaign.completion_rate, 0.0)
        claim = task.with_user(self.warranty_user).action_create_claim()
        self.assertEqual(claim.aftersales_campaign_unit_id, task)
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.review_ids)
        self.assertEqual(claim.return_picking_id.move_ids.lot_ids, self.unit.lot_id)
        self.assertTrue(claim.replacement_picking_id)
        self.assertFalse(claim.credit_note_id or claim.repair_id)
        self.assertEqual(task.state, "scheduled")

        delivery = claim.replacement_picking_id
        delivery.move_ids.lot_ids = self.stock_serials()
        self.validate(delivery)
        self.validate(claim.return_picking_id)
        self.assertEqual(task.state, "remedied")
        self.assertEqual(task.remedied, 100.0)
        self.assertEqual(task.cost, self.product.standard_price)
        self.assertEqual(self.unit.state, "replaced")
        affected = len(campaign.unit_ids)
        campaign.invalidate_recordset(["completion_rate", "cost"])
        self.assertAlmostEqual(campaign.cost, task.cost)
        self.assertAlmostEqual(campaign.completion_rate, 100.0 / affected)
        # kept out of the claim analysis: the campaign carries the cost
        analysed = self.env["aftersales.claim.analysis"].search([("claim_id", "=", claim.id)])
        self.assertFalse(analysed)

        campaign.action_recover_from_vendor()
        line = campaign.recovery_ids.line_ids.filtered(lambda ln: ln.product_id == self.product)
        self.assertEqual(line.unit_cost, task.cost)

    def test_refund_task_credits_the_original_invoice(self):
        campaign, task = self.launch("refund")
        claim = task.with_user(self.warranty_user).action_create_claim()
        invoice = self.unit.sale_line_id.invoice_lines.move_id
        note = claim.credit_note_id
        self.assertEqual(note.reversed_entry_id, invoice)
        self.assertEqual(note.move_type, "out_refund")
        # the full price paid, though the unit is out of warranty
        self.assertAlmostEqual(note.amount_untaxed, 1000.0)
        self.assertFalse(claim.replacement_picking_id)
        note.action_post()
        self.validate(claim.return_picking_id)
        self.assertEqual(task.state, "remedied")
        self.assertAlmostEqual(task.cost, 1000.0)

    def test_a_double_click_gives_one_claim(self):
        _campaign, task = self.launch("replacement")
        first = task.with_user(self.warranty_user).action_create_claim()
        second = task.with_user(self.warranty_user).action_create_claim()
        self.assertEqual(first, second)
        claims = self.env["aftersales.claim"].search(
            [("aftersales_campaign_unit_id", "=", task.id)]
        )
        self.assertEqual(len(claims), 1)
        self.assertEqual(len(claims.replacement_picking_id), 1)

    def test_the_campaign_link_is_not_writable_by_rpc(self):
        _campaign, task = self.launch("replacement")
        claim = self.make_claim(self.other_unit, decision="replace")
        with self.assertRaises(AccessError):
            claim.write({"aftersales_campaign_unit_id": task.id})
        with self.assertRaises(AccessError):
            task.with_user(self.warranty_user).write({"claim_id": claim.id})

    def test_an_ordinary_claim_on_the_same_unit_still_needs_checks_and_approval(self):
        campaign, _task = self.launch("replacement")
        task = campaign.unit_ids.filtered(lambda t: t.equipment_id == self.other_unit)
        task.with_user(self.warranty_user).action_create_claim()
        claim = self.make_claim(self.other_unit, decision="replace")
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.aftersales_campaign_unit_id)
        self.assertFalse(claim.return_picking_id or claim.replacement_picking_id)
        self.assertFalse(claim.with_user(self.approver).can_be_executed)
        # out of warranty, an ordinary claim is stopped by the cover check
        uncovered = self.make_claim(self.unit, decision="replace")
        with self.assertRaises(UserError):
            uncovered.action_submit()
        self.assertEqual(uncovered.state, "draft")

    def test_a_replacement_campaign_plans_no_visit(self):
        _campaign, task = self.launch("replacement")
        with self.assertRaises(UserError):
            task.with_user(self.warranty_user).action_plan_visit()
        self.assertFalse(task.visit_id)

    def test_a_visit_campaign_makes_no_claim(self):
        campaign = self.make_campaign(remedy="repair")
        campaign.action_launch()
        with self.assertRaises(UserError):
            campaign.unit_ids[:1].with_user(self.warranty_user).action_create_claim()
        self.assertFalse(campaign.unit_ids.claim_id)
