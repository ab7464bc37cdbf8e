from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .goods_common import GoodsClaimCase


@tagged("post_install", "-at_install")
class TestGoodsReturns(GoodsClaimCase):
    """Goods claimed by quantity come back to the returns location by quantity and lot, are
    inspected as one quantity, and an unreturned replacement is charged for that quantity."""

    def setUp(self):
        super().setUp()
        self.returns = self.warehouse.aftersales_return_location_id

    def execute(self, claim):
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()
        self.assertEqual(claim.state, "in_progress")

    def on_hand(self, product, location, lot=None):
        quants = self.env["stock.quant"]._gather(product, location, lot_id=lot, strict=True)
        return sum(quants.mapped("quantity"))

    def test_three_of_ten_lot_tracked_goods_come_back_and_are_scrapped(self):
        line, lot = self.sell_goods(self.filter, 10, 40.0)
        self.stock_goods(self.filter, 5, "LOT-SPARE")
        claim = self.goods_claim(line, 3, lot=lot, decision="replace")
        self.execute(claim)
        receipt = claim.return_picking_id
        self.assertEqual(receipt.location_dest_id, self.returns)
        self.validate(receipt)
        self.assertEqual(self.on_hand(self.filter, self.returns, lot), 3)

        inspection = claim.inspection_ids
        self.assertEqual((inspection.quantity, inspection.lot_id), (3, lot))
        inspection.write(
            {"finding": "fault_confirmed", "disposition": "scrap", "note": "Cracked housings."}
        )
        inspection.action_apply_disposition()
        self.assertEqual(inspection.scrap_id.scrap_qty, 3)
        self.assertEqual(self.on_hand(self.filter, self.returns, lot), 0)

    def test_two_of_five_untracked_goods_come_back_and_are_restocked(self):
        line, _lot = self.sell_goods(self.kettle, 5, 30.0)
        claim = self.goods_claim(line, 2, decision="refund")
        self.execute(claim)
        self.validate(claim.return_picking_id)
        self.assertEqual(claim.state, "in_progress")  # the credit note is not posted yet
        inspection = claim.inspection_ids
        self.assertEqual((inspection.quantity, inspection.lot_id.id), (2, False))
        inspection.write({"finding": "no_fault_found", "disposition": "restock"})
        inspection.action_apply_disposition()
        self.assertEqual(self.on_hand(self.kettle, self.returns), 0)
        self.assertEqual(self.on_hand(self.kettle, self.warehouse.lot_stock_id), 2)
        claim.credit_note_id.action_post()
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "no_fault_found")

    def test_an_unreturned_goods_replacement_is_charged_for_its_quantity(self):
        self.policy.write({"return_days": 10, "return_charge_days": 5})
        line, _lot = self.sell_goods(self.kettle, 5, 30.0)
        self.stock_goods(self.kettle, 4)
        claim = self.goods_claim(line, 2, decision="replace")
        self.execute(claim)
        self.validate(claim.replacement_picking_id)
        self.assertEqual(claim.state, "in_progress")
        with freeze_time(date.today() + timedelta(days=15)):
            self.env["aftersales.claim"]._cron_follow_up_overdue_returns()
        invoice_line = claim.return_charge_invoice_id.invoice_line_ids
        self.assertEqual(invoice_line.quantity, 2)
        self.assertAlmostEqual(invoice_line.price_subtotal, 60.0)
        self.assertEqual(claim.state, "done")
