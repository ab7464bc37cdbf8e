from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    aftersales_goods_claim_count = fields.Integer(
        string="Goods Claims",
        compute="_compute_aftersales_goods_claim_count",
        groups="aftersales_warranty.group_warranty_user",
    )

    def _compute_aftersales_goods_claim_count(self):
        counts = dict(
            self.env["aftersales.claim"]._read_group(
                [("sale_line_id", "in", self.order_line.ids)],
                ["sale_line_id"],
                ["__count"],
            )
        )
        for order in self:
            order.aftersales_goods_claim_count = sum(
                count for line, count in counts.items() if line.order_id == order
            )

    def action_view_aftersales_goods_claims(self):
        """The warranty claims on the goods of this order; a new one starts on its first
        delivered line."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("aftersales_warranty.action_claims")
        claimable = self.order_line.filtered(lambda line: line._aftersales_goods_claimable())
        action["domain"] = [("sale_line_id", "in", self.order_line.ids)]
        action["context"] = {"default_sale_line_id": claimable[:1].id}
        return action

    def _action_confirm(self):
        result = super()._action_confirm()
        self.order_line._create_extended_warranties()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        today = fields.Date.context_today(self)
        for order in self:
            order.order_line._aftersales_end_granted_cover(
                today, self.env._("sale order %s cancelled", order.name)
            )
        return result
