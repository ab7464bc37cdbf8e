from odoo import fields, models


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    aftersales_contract_only = fields.Boolean(
        string="Service Contracts Only",
        help="Applies only to requests on units covered by a running service contract that "
        "names this policy as its response SLA.",
    )
