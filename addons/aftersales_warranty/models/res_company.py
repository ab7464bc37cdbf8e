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

    aftersales_approval_target_hours = fields.Float(
        string="Approval Target (Hours)",
        default=48.0,
        help="Claims should be approved within this many hours of their submission.",
    )
    aftersales_resolution_target_days = fields.Integer(
        string="Resolution Target (Days)",
        default=14,
        help="Claims should be settled within this many days of their submission.",
    )
    aftersales_loaner_location_id = fields.Many2one(
        "stock.location",
        string="Loaner Location",
        domain=[("usage", "=", "internal")],
        help="Where the units lent to customers during a warranty repair are kept.",
    )
