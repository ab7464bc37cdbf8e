from odoo import models


class SaleOrder(models.Model):
    """A repair's quote accepted confirms the repair; refused, it cancels the repair and
    sends the unit back. Orders without repairs are left alone."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _action_confirm(self):
        result = super()._action_confirm()
        # sudo: the salesman or the portal customer confirming need not read repairs
        repairs = self.sudo().repair_order_ids.filtered(lambda r: not r.sale_order_line_id)
        if repairs:
            repairs._aftersales_on_quote_accepted()
        return result

    def _action_cancel(self):
        repairs = self.sudo().repair_order_ids.filtered(lambda r: not r.sale_order_line_id)
        result = super()._action_cancel()
        if repairs:
            repairs._aftersales_on_quote_refused()
        return result
