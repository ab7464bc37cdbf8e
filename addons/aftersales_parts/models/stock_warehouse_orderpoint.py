from odoo import api, fields, models

LEVELS = ("product_min_qty", "product_max_qty")


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    aftersales_manual_levels = fields.Boolean(
        string="Manual Levels",
        index=True,
        help="Set when someone changes min or max by hand: forecast runs then leave this rule's "
        "levels alone. Untick it to let forecasts set them again.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("aftersales_apply_forecast"):
            for vals in vals_list:
                if any(vals.get(level) for level in LEVELS):
                    vals.setdefault("aftersales_manual_levels", True)
        return super().create(vals_list)

    def write(self, vals):
        if (
            not self.env.context.get("aftersales_apply_forecast")
            and any(level in vals for level in LEVELS)
            and "aftersales_manual_levels" not in vals
        ):
            vals = dict(vals, aftersales_manual_levels=True)
        return super().write(vals)
