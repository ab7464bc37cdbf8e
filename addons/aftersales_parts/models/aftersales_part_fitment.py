from odoo import fields, models


class AftersalesPartFitment(models.Model):
    """Which finished product a spare part fits, how many per unit, and how often it fails."""

    _name = "aftersales.part.fitment"
    _description = "Spare Part Fitment"
    _order = "product_id, part_id"

    part_id = fields.Many2one(
        "product.template",
        string="Spare Part",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("aftersales_is_spare_part", "=", True)],
    )
    product_id = fields.Many2one(
        "product.template", string="Fits", required=True, index=True, ondelete="cascade"
    )
    quantity = fields.Float(string="Quantity per Unit", default=1.0, digits="Product Unit")
    failure_rate = fields.Float(
        string="Failures per Unit-Year",
        digits=(12, 4),
        help="Expected replacements of this part per unit in the field and per year.",
    )
    part_qty_available = fields.Float(related="part_id.qty_available", string="On Hand")
    part_virtual_available = fields.Float(related="part_id.virtual_available", string="Forecasted")

    _unique_fitment = models.Constraint(
        "UNIQUE (part_id, product_id)", "This part is already listed as fitting this product."
    )
    _quantity_positive = models.Constraint(
        "CHECK (quantity > 0)", "The quantity per unit must be positive."
    )
    _failure_rate_not_negative = models.Constraint(
        "CHECK (failure_rate >= 0)", "The failure rate cannot be negative."
    )
