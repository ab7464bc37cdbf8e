from odoo import models


class AccountMove(models.Model):
    """A posted vendor credit note settles the warranty recovery it was made for."""

    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda move: move.move_type == "in_refund")
        if refunds:
            self.env["aftersales.recovery"].sudo().search(
                [("credit_note_id", "in", refunds.ids)]
            )._on_credit_note_posted()
        return posted
