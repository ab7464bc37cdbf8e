from odoo import Command
from odoo.tests import tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignStock(CampaignCase):
    """Affected serials still in the warehouse go to quarantine and no delivery takes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stocked = cls.stock_serials(3, prefix="ST")  # ST-00001..ST-00003 in WH/Stock

    def available(self, lot):
        return self.env["stock.quant"]._get_available_quantity(
            self.product, self.warehouse.lot_stock_id, lot_id=lot
        )

    def sale_delivery(self, quantity):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.other_customer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": quantity})
                ],
            }
        )
        order.action_confirm()
        return order.picking_ids

    def test_affected_stock_is_quarantined_and_no_longer_reservable(self):
        affected = self.stocked[:2]
        campaign = self.make_campaign(serial_from="ST-00001", serial_to="ST-00002")
        campaign.action_launch()
        quarantine = self.warehouse.aftersales_campaign_location_id
        self.assertTrue(quarantine)
        self.assertFalse(quarantine._child_of(self.warehouse.lot_stock_id))
        quants = self.env["stock.quant"].search(
            [("lot_id", "in", affected.ids), ("quantity", ">", 0)]
        )
        self.assertEqual(quants.location_id, quarantine)
        self.assertEqual(campaign.quarantined_quantity, 2.0)
        for lot in affected:
            self.assertEqual(self.available(lot), 0.0)
        self.assertEqual(self.available(self.stocked[2]), 1.0)
        delivery = self.sale_delivery(3)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, self.stocked[2])
        self.assertEqual(delivery.move_ids.quantity, 1.0)

    def test_a_delivery_reserved_before_the_recall_loses_the_affected_serials(self):
        delivery = self.sale_delivery(3)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, self.stocked)
        campaign = self.make_campaign(serial_from="ST-00001", serial_to="ST-00002")
        campaign.action_launch()
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, self.stocked[2])
        self.assertEqual(campaign.quarantined_quantity, 2.0)

    def test_quarantine_is_done_once(self):
        campaign = self.make_campaign(serial_from="ST-00001", serial_to="ST-00002")
        campaign.action_launch()
        moves = self.env["stock.move"].search(
            [("move_line_ids.lot_id", "in", self.stocked[:2].ids)]
        )
        campaign._quarantine_affected_stock()
        self.assertEqual(
            self.env["stock.move"].search([("move_line_ids.lot_id", "in", self.stocked[:2].ids)]),
            moves,
        )
        self.assertEqual(campaign.quarantined_quantity, 2.0)
