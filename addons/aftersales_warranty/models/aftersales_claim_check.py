from odoo import fields, models

CHECKS = [
    ("serial", "Serial Number"),
    ("purchase", "Purchase"),
    ("cover", "Warranty Cover"),
    ("exclusion", "Exclusions"),
    ("duplicate", "Duplicate Claim"),
    ("repeat", "Repeat Repair"),
    ("evidence", "Evidence"),
    ("service_time", "Service Time"),
]


class AftersalesClaimCheck(models.Model):
    """The verdict of one validation check on a claim, as the last check run left it."""

    _name = "aftersales.claim.check"
    _description = "Claim Validation Check"
    _order = "claim_id, sequence"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    sequence = fields.Integer()
    check = fields.Selection(CHECKS, required=True)
    result = fields.Selection(
        [("pass", "Passed"), ("warn", "Warning"), ("block", "Blocking")], required=True
    )
    message = fields.Char(required=True)
