from odoo import fields, models


class AftersalesWarrantyPolicy(models.Model):
    """Cover that ends at a usage limit or at its end date, whichever comes first."""

    _inherit = "aftersales.warranty.policy"

    usage_limit = fields.Float(
        tracking=True,
        help="Total usage (hours, km, cycles, as the unit's counter counts) at which cover "
        "ends, even before its end date. 0: no usage limit.",
    )

    _usage_limit_not_negative = models.Constraint(
        "CHECK (usage_limit >= 0)", "A usage limit cannot be negative."
    )

    def _usage_exceeded(self, usage):
        """True when `usage` is past this policy's usage limit (no policy: no limit)."""
        if not self:
            return False
        self.ensure_one()
        return bool(self.usage_limit and usage and usage > self.usage_limit)
