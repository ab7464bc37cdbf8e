from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    def _action_done(self):
        result = super()._action_done()
        # Only a receipt from a customer can be a claim's return: purchases cost nothing.
        returned = self.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "incoming"
                and picking.location_id.usage == "customer"
            )
        )
        if returned:
            # sudo: the warehouse user receiving the goods need not see warranty claims;
            # pushing a claim's workflow is sudo-only.
            self.env["aftersales.claim"].sudo().search(
                [("return_picking_id", "in", returned.ids)]
            )._on_return_received()
        return result
