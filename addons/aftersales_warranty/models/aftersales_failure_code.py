from odoo import fields, models


class AftersalesFailureCode(models.Model):
    """What failed, as the technician codes it; its defect class feeds the remedy rules."""

    _name = "aftersales.failure.code"
    _description = "Failure Code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    defect_class = fields.Selection(
        [("minor", "Minor"), ("major", "Major"), ("serious", "Serious")],
        required=True,
        default="major",
        help="Serious: safety or the unit cannot be used. Major: a main function fails. "
        "Minor: the unit works with a nuisance.",
    )
    performance_failure = fields.Boolean(
        help="The unit does not perform as specified (China household products: within 7 days "
        "such a failure gives the customer the choice of refund, replacement or repair).",
    )
    major_part = fields.Boolean(
        string="Major System Main Part",
        help="The code names the engine, transmission, traction battery or drive motor, or a "
        "main part of a major system: claims that replaced parts for it count as replacements "
        "of that part (China household cars).",
    )
    exclusion_id = fields.Many2one(
        "aftersales.warranty.exclusion",
        string="Points to Exclusion",
        help="A failure with this code is caused by a condition warranties exclude "
        "(for example liquid damage).",
    )
    evidence_type_ids = fields.Many2many(
        "aftersales.evidence.type",
        string="Evidence Required",
        help="What a claim with this failure code must carry before it is submitted.",
    )
    active = fields.Boolean(default=True)

    _unique_code = models.Constraint("UNIQUE(code)", "Each failure code must be unique.")

    def _compute_display_name(self):
        for code in self:
            code.display_name = f"[{code.code}] {code.name}"
