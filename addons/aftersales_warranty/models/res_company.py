from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_allow_self_approval = fields.Boolean(
        string="Submitters May Approve Their Own Claims"
    )
    aftersales_repair_value_threshold = fields.Float(
        string="Repair Pays Up To (% of Unit Value)",
        default=60.0,
        help="Above this share of the unit's value, a repair is not recommended.",
    )
    aftersales_goodwill_grace_days = fields.Integer(
        string="Goodwill Grace (Days)",
        default=30,
        help="Failures this many days after cover ended are proposed for goodwill.",
    )
