from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_allow_self_approval = fields.Boolean(
        related="company_id.aftersales_allow_self_approval", readonly=False
    )
    aftersales_repair_value_threshold = fields.Float(
        related="company_id.aftersales_repair_value_threshold", readonly=False
    )
    aftersales_goodwill_grace_days = fields.Integer(
        related="company_id.aftersales_goodwill_grace_days", readonly=False
    )

    aftersales_approval_target_hours = fields.Float(
        related="company_id.aftersales_approval_target_hours", readonly=False
    )
    aftersales_resolution_target_days = fields.Integer(
        related="company_id.aftersales_resolution_target_days", readonly=False
    )
