from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # copied with the line, so a credit note reversing a visit's invoice stays the visit's
    aftersales_visit_id = fields.Many2one(
        "aftersales.visit",
        string="Service Visit",
        index="btree_not_null",
        readonly=True,
        help="The billable visit this line invoices.",
    )
