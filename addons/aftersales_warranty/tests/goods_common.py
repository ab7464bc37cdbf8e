from datetime import date

from odoo import Command

from .common import WarrantyCase


class GoodsClaimCase(WarrantyCase):
    """Household goods bought several at a time: a lot-tracked and an untracked product
    under the test policy, sold, delivered and invoiced by `sell_goods`."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.filter = cls.env["product.product"].create(
            {
                "name": "Water filter cartridge",
                "is_storable": True,
                "tracking": "lot",
                "list_price": 40.0,
                "aftersales_warranty_policy_id": cls.policy.id,
            }
        )
        cls.kettle = cls.env["product.product"].create(
            {
                "name": "Kettle K-2",
                "is_storable": True,
                "list_price": 30.0,
                "aftersales_warranty_policy_id": cls.policy.id,
            }
        )
        cls.lot_counter = 0

    @classmethod
    def stock_goods(cls, product, quantity, lot_name=None):
        lot = lot_name and cls.env["stock.lot"].create({"name": lot_name, "product_id": product.id})
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.warehouse.lot_stock_id, quantity, lot_id=lot or None
        )
        return lot or cls.env["stock.lot"]

    def sell_goods(self, product, quantity, price, partner=None, discount=0.0):
        """Sell, deliver and invoice `quantity` of `product`: (order line, lot delivered)."""
        lot = self.env["stock.lot"]
        if product.tracking == "lot":
            self.__class__.lot_counter += 1
            lot = self.stock_goods(product, quantity, f"LOT-{self.lot_counter:03d}")
        else:
            self.stock_goods(product, quantity)
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "discount": discount,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        self.validate(picking)
        order._create_invoices().action_post()
        return order.order_line, lot

    def goods_claim(self, line, quantity, lot=None, decision=None, **values):
        """A draft claim for `quantity` of the goods of the order `line`."""
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.warranty_user)
            .create(
                {
                    "sale_line_id": line.id,
                    "quantity": quantity,
                    "lot_id": lot.id if lot else False,
                    "failure_code_id": self.failure.id,
                    "failure_date": values.pop("failure_date", date.today()),
                    **values,
                }
            )
        )
        if decision:
            claim.action_decide(decision)
        return claim
