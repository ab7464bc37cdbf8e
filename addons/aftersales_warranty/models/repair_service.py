from odoo import api, fields, models


class RepairService(models.Model):
    """Labour and travel on a repair: each service line knows its quote line, and a line
    added while the quote is still a draft goes onto it, priced at the customer's share."""

    _inherit = "repair.service"

    aftersales_sale_line_ids = fields.One2many(
        "sale.order.line", "aftersales_repair_service_id", string="Quote Lines"
    )

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        concerned = services.repair_id._aftersales_concerned()
        quoted = services.filtered(
            lambda s: (
                s.repair_id in concerned and s.repair_id.sale_order_id.state in ("draft", "sent")
            )
        )
        if quoted:
            # sudo: the technician recording labour on a repair need not edit sale orders;
            # the quote follows the repair, as core does for the repair's parts
            quoted = quoted.sudo()
            quoted._create_repair_sale_order_line()
            quoted.repair_id._aftersales_price_quote(quoted.aftersales_sale_line_ids)
        return services

    def _prepare_sale_order_line_vals(self, product_qty):
        vals = super()._prepare_sale_order_line_vals(product_qty)
        vals["aftersales_repair_service_id"] = self.id
        return vals
