from odoo import fields, models

VISIT_INVOICING = [
    ("visit", "One Invoice per Visit"),
    ("month", "One Invoice per Customer and Month"),
]


class ResCompany(models.Model):
    """What paid service is priced with and how visits are invoiced."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    aftersales_service_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Service Price List",
        help="Prices paid repairs and billable visits. Empty: the customer's price list.",
    )
    aftersales_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain=[("type", "=", "service")],
        help="The service invoiced per hour a technician spends on a billable visit.",
    )
    aftersales_travel_product_id = fields.Many2one(
        "product.product",
        string="Travel Product",
        domain=[("type", "=", "service")],
        help="The service invoiced for travel, per visit or per distance unit. On repairs, "
        "its lines are priced at the travel share the customer pays.",
    )
    aftersales_visit_invoicing = fields.Selection(
        VISIT_INVOICING,
        string="Invoice Visits",
        default="visit",
        required=True,
    )
    aftersales_visit_billing_from = fields.Date(
        string="Invoice Visits Done From",
        help="The daily job invoices the billable visits done from this day (empty: every "
        "visit not invoiced yet). Set it when turning visit billing on, so past visits are "
        "not invoiced.",
    )
