from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    aftersales_repair_service_id = fields.Many2one(
        "repair.service", string="Repair Service", index="btree_not_null", copy=False
    )
