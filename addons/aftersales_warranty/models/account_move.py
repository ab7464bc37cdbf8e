from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda move: move.move_type == "out_refund")
        if refunds:
            self.env["aftersales.claim"].sudo().search(
                [("credit_note_id", "in", refunds.ids)]
            )._on_credit_note_posted()
        return posted
