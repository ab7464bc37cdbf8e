from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for refund in posted.filtered(lambda move: move.move_type == "out_refund"):
            # sudo: the accountant posting the credit note need not read sale lines' cover
            refund.sudo().invoice_line_ids.sale_line_ids._aftersales_end_granted_cover(
                refund.invoice_date or refund.date,
                self.env._("credit note %s", refund.name),
            )
        return posted
