from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesClaimPart(models.Model):
    """A part the repair of a claim needs: priced at cost, checked against stock."""

    _name = "aftersales.claim.part"
    _description = "Claim Part"
    _order = "claim_id, id"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    product_id = fields.Many2one("product.product", required=True, domain=[("type", "=", "consu")])
    quantity = fields.Float(default=1.0, digits="Product Unit")
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost", store=True, readonly=False, precompute=True
    )
    cost = fields.Monetary(compute="_compute_cost", store=True)
    qty_available = fields.Float(related="product_id.qty_available", string="On Hand")

    @api.depends("product_id")
    def _compute_unit_cost(self):
        for part in self:
            part.unit_cost = part.product_id.standard_price

    @api.depends("quantity", "unit_cost")
    def _compute_cost(self):
        for part in self:
            part.cost = part.quantity * part.unit_cost

    @api.constrains("quantity", "unit_cost")
    def _check_positive(self):
        for part in self:
            if part.quantity <= 0 or part.unit_cost < 0:
                raise ValidationError(
                    self.env._("Part quantities must be positive and costs cannot be negative.")
                )
