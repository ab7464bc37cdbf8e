from odoo import models

from .aftersales_claim_goods import RELEASED_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _aftersales_goods_claimable(self):
        """Goods of this confirmed line were delivered and may be claimed by quantity (goods
        tracked by serial are claimed unit by unit)."""
        self.ensure_one()
        return (
            not self.display_type
            and self.state == "sale"
            and self.product_id.type == "consu"
            and self.product_id.tracking != "serial"
            and self.qty_delivered > 0
        )

    def _aftersales_quantity_claimable(self):
        """Delivered on the line, less what the open or settled claims on it hold."""
        self.ensure_one()
        claims = (
            self.env["aftersales.claim"]
            .sudo()
            .search([("sale_line_id", "=", self.id), ("state", "not in", RELEASED_STATES)])
        )
        return self.qty_delivered - sum(claims.mapped("quantity"))

    def _aftersales_lots_delivered(self):
        self.ensure_one()
        moves = self.sudo().move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        return moves.move_line_ids.lot_id
