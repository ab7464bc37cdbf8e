from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    aftersales_service_pricelist_id = fields.Many2one(
        related="company_id.aftersales_service_pricelist_id", readonly=False
    )
    aftersales_labour_product_id = fields.Many2one(
        related="company_id.aftersales_labour_product_id", readonly=False
    )
    aftersales_travel_product_id = fields.Many2one(
        related="company_id.aftersales_travel_product_id", readonly=False
    )
    aftersales_visit_invoicing = fields.Selection(
        related="company_id.aftersales_visit_invoicing", readonly=False
    )
    aftersales_visit_billing_from = fields.Date(
        related="company_id.aftersales_visit_billing_from", readonly=False
    )
