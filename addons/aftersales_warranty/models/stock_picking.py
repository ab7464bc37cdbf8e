from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        delivered = self.filtered(lambda picking: picking.state == "done")
        if delivered:
            self.env["aftersales.claim"].search(
                [("replacement_picking_id", "in", delivered.ids)]
            )._on_replacement_delivered()
        return result
