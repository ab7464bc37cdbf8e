from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ProductSupplierinfo(models.Model):
    """Vendor warranty terms: how long the vendor stands behind what it sold us, what it
    reimburses and where the failed goods go back."""

    _inherit = "product.supplierinfo"

    aftersales_warranty_months = fields.Integer(
        string="Vendor Warranty (months)",
        help="How long the vendor reimburses failures; 0 means no vendor warranty.",
    )
    aftersales_reimburses = fields.Selection(
        [("parts", "Parts"), ("labour", "Labour"), ("both", "Parts and Labour")],
        string="Vendor Reimburses",
        default="parts",
    )
    aftersales_labour_rate = fields.Monetary(
        string="Agreed Labour Rate",
        currency_field="currency_id",
        help="What the vendor pays per hour of labour.",
    )
    aftersales_return_partner_id = fields.Many2one(
        "res.partner", string="Return Address", help="Where failed goods are sent back."
    )
    aftersales_return_instructions = fields.Text(string="Return Instructions")
    aftersales_return_days = fields.Integer(
        string="Return Within (days)",
        default=30,
        help="Deadline to send failed goods back, from the recovery claim.",
    )

    _aftersales_positive_terms = models.Constraint(
        "CHECK(aftersales_warranty_months >= 0 AND aftersales_labour_rate >= 0 "
        "AND aftersales_return_days >= 0)",
        "Vendor warranty months, labour rate and return days cannot be negative.",
    )

    def _aftersales_covers(self, start, day):
        """Whether these vendor terms still cover, on ``day``, goods whose clock started on
        ``start``."""
        self.ensure_one()
        if not self.aftersales_warranty_months or not start or not day:
            return False
        return start <= day <= start + relativedelta(months=self.aftersales_warranty_months)

    @api.model
    def _aftersales_main_seller(self, product, company):
        """The product's main vendor line (first by sequence) for the company."""
        return product.seller_ids.filtered(
            lambda seller: (
                seller.company_id in (company, self.env["res.company"])
                and seller.product_id in (product, self.env["product.product"])
            )
        )[:1]
