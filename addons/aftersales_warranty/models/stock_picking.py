from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        # Only a delivery can be a claim's replacement: receipts and internal moves cost nothing.
        delivered = self.filtered(
            lambda picking: picking.state == "done" and picking.picking_type_code == "outgoing"
        )
        if delivered:
            # sudo: the warehouse user validating the delivery need not see warranty claims;
            # pushing a claim's workflow is sudo-only.
            self.env["aftersales.claim"].sudo().search(
                [("replacement_picking_id", "in", delivered.ids)]
            )._on_replacement_delivered()
        return result
