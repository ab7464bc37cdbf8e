from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        index="btree_not_null",
        tracking=True,
        help="The installed unit this request is about.",
    )
