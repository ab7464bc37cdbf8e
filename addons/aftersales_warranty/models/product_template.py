from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_warranty_policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Warranty Policy",
        domain=[("kind", "=", "standard")],
        help="Cover every unit of this product gets. Empty: the product category's policy.",
    )
    aftersales_extended_policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Sells Extended Warranty",
        domain=[("kind", "=", "extended")],
        help="Selling this product for a unit adds this extended cover to the unit.",
    )

    @api.constrains("aftersales_extended_policy_id", "type")
    def _check_extended_warranty_is_a_service(self):
        for template in self:
            if template.aftersales_extended_policy_id and template.type != "service":
                raise ValidationError(
                    self.env._("An extended warranty is sold as a service product.")
                )

    def action_aftersales_failure_rate(self):
        """The product's failure rates (the summary, fast at any size), from its form."""
        self.ensure_one()
        action = self.env["aftersales.failure.rate.summary"]._action_open_report()
        action["domain"] = [("product_id.product_tmpl_id", "=", self.id)]
        return action
