from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_track_installed_base = fields.Boolean(
        string="Track Installed Base",
        help="Each serial number delivered to a customer becomes a unit of the installed base.",
    )

    @api.constrains("aftersales_track_installed_base", "tracking")
    def _check_installed_base_needs_serials(self):
        for template in self:
            if template.aftersales_track_installed_base and template.tracking != "serial":
                raise ValidationError(
                    self.env._(
                        "%(product)s must be tracked by unique serial number to track its "
                        "installed base.",
                        product=template.display_name,
                    )
                )
