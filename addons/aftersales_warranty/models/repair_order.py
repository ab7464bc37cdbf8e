from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_claim_ids = fields.One2many(
        "aftersales.claim", "repair_id", string="Warranty Claims"
    )

    def action_repair_done(self):
        result = super().action_repair_done()
        self.aftersales_claim_ids._on_repair_done()
        return result
