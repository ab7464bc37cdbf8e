from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesClaimPart(models.Model):
    """A part the repair of a claim needs: priced at cost, checked against stock.

    The parts are an input of the claim's approval: adding, changing or removing one after
    submission sends the claim back through approval, and is refused once it is carried out.
    """

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

    @api.model_create_multi
    def create(self, vals_list):
        claims = self.env["aftersales.claim"].browse(
            {vals["claim_id"] for vals in vals_list if vals.get("claim_id")}
        )
        sent_back, changed = claims._claims_sent_back_by({"part_ids": True})
        parts = super().create(vals_list)
        sent_back._send_back_through_approval(changed)
        return parts

    def write(self, vals):
        sent_back, changed = self.claim_id._claims_sent_back_by({"part_ids": True})
        result = super().write(vals)
        sent_back._send_back_through_approval(changed)
        return result

    def unlink(self):
        sent_back, changed = self.claim_id._claims_sent_back_by({"part_ids": True})
        result = super().unlink()
        sent_back._send_back_through_approval(changed)
        return result

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
