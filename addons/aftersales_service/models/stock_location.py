from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    aftersales_technician_id = fields.Many2one(
        "aftersales.technician",
        string="Technician",
        index="btree_not_null",
        readonly=True,
        help="The technician whose van or bag this location is.",
    )
