from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_warranty_policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Warranty Policy",
        domain=[("kind", "=", "standard")],
        help="Standard cover for products of this category and its subcategories.",
    )
    aftersales_service_time_days = fields.Integer(
        string="Reasonable Repair Time (Days)",
        help="Time to complete a warranty repair of products of this category (and its "
        "subcategories) when the intake agrees none; past it the repair is overdue. 0: the "
        "rule set's time.",
    )
