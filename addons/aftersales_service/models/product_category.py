from odoo import fields, models

from .aftersales_service_strategy import COST_LEVELS


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_repair_cost = fields.Selection(
        COST_LEVELS,
        string="Cost of Repair",
        help="Default for the products of this category: is a repair expensive compared with "
        "the product's value?",
    )
    aftersales_failure_cost = fields.Selection(
        COST_LEVELS,
        string="Cost of Failure",
        help="Default for the products of this category: what does a failure cost the customer "
        "(downtime, safety, lost business)?",
    )
