from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_warranty_policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Warranty Policy",
        domain=[("kind", "=", "standard")],
        help="Standard cover for products of this category and its subcategories.",
    )
