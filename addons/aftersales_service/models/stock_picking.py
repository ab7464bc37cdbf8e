from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_visit_id = fields.Many2one(
        "aftersales.visit",
        string="For Service Visit",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The visit whose parts this transfer brings to the technician's van.",
    )

    def _action_done(self):
        result = super()._action_done()
        visits = self.filtered(lambda picking: picking.state == "done").aftersales_visit_id
        if visits:
            # sudo: whoever validates the transfer may have none of our groups
            visits.sudo()._assign_part_reservations()
        return result
