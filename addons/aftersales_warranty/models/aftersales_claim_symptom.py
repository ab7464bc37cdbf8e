from odoo import fields, models


class AftersalesClaimSymptom(models.Model):
    """What the customer reports (does not start, noise, leak...), before diagnosis."""

    _name = "aftersales.claim.symptom"
    _description = "Claim Symptom"
    _order = "sequence, name"

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    evidence_type_ids = fields.Many2many(
        "aftersales.evidence.type",
        string="Evidence Required",
        help="What the customer must send with a claim for this symptom.",
    )
    active = fields.Boolean(default=True)

    _unique_code = models.Constraint("UNIQUE(code)", "Each symptom code must be unique.")
