from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_claim_ids = fields.One2many(
        "aftersales.claim", "repair_id", string="Warranty Claims"
    )

    def action_repair_done(self):
        result = super().action_repair_done()
        # sudo: the technician finishing the repair need not see warranty claims; pushing a
        # claim's workflow is sudo-only.
        self.env["aftersales.claim"].sudo().search(
            [("repair_id", "in", self.ids)]
        )._on_repair_done()
        return result
