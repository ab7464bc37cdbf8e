from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """The refurbished version of a product: returned units repaired and restocked become it,
    and are sold at its own price."""

    _inherit = "product.template"  # pylint: disable=consider-merging-classes-inherited

    aftersales_refurbished_product_id = fields.Many2one(
        "product.product",
        string="Refurbished Version",
        help="Returned units of this product repaired and restocked as refurbished are "
        "stocked as this product, sold at its own price.",
    )

    @api.constrains("aftersales_refurbished_product_id", "tracking")
    def _check_refurbished_version(self):
        for template in self:
            refurbished = template.aftersales_refurbished_product_id
            if not refurbished:
                continue
            if refurbished.product_tmpl_id == template or not refurbished.is_storable:
                raise ValidationError(
                    self.env._("The refurbished version must be another storable product.")
                )
            if refurbished.tracking != template.tracking:
                raise ValidationError(
                    self.env._(
                        "The refurbished version must be tracked like the product "
                        "(serials, lots or none)."
                    )
                )
