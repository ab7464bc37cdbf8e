from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesWarrantyProrata(models.Model):
    """One step of a pro-rata schedule: from month N of service the customer pays a share."""

    _name = "aftersales.warranty.prorata"
    _description = "Warranty Pro-Rata Step"
    _order = "policy_id, from_month"

    policy_id = fields.Many2one(
        "aftersales.warranty.policy", required=True, ondelete="cascade", index=True
    )
    from_month = fields.Integer(
        required=True, help="First month of service (counted from 1) this step applies to."
    )
    customer_share = fields.Float(
        string="Customer Pays (%)", required=True, help="Share of the cost the customer pays."
    )

    @api.constrains("from_month", "customer_share")
    def _check_step(self):
        for step in self:
            if step.from_month < 1:
                raise ValidationError(self.env._("A pro-rata step starts at month 1 or later."))
            if not 0 <= step.customer_share <= 100:
                raise ValidationError(
                    self.env._("The customer's share must be between 0 %% and 100 %%.")
                )
