from odoo import api, fields, models

COST_LEVELS = [("low", "Low"), ("high", "High")]


class AftersalesServiceStrategy(models.Model):
    """One quadrant of Lele and Sheth's service strategy matrix.

    Two judgements on a product, the cost of repairing it and the cost of its failure to the
    customer, pick one of four strategies; the strategy then sets the defaults downstream
    (SLA of requests, preferred remedy of warranty claims).
    """

    _name = "aftersales.service.strategy"
    _description = "Service Strategy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [
            ("disposable", "Disposable"),
            ("repairable", "Repairable"),
            ("rapid_response", "Rapid Response"),
            ("never_fail", "Never Fail"),
        ],
        required=True,
        readonly=True,
    )
    sequence = fields.Integer(default=10)
    repair_cost = fields.Selection(COST_LEVELS, string="Cost of Repair", required=True)
    failure_cost = fields.Selection(
        COST_LEVELS, string="Cost of Failure to the Customer", required=True
    )
    description = fields.Text(translate=True)
    maintenance_interval_number = fields.Integer(
        string="Preventive Maintenance Every",
        help="Units of products with this strategy get a preventive maintenance plan with this "
        "interval when they enter the installed base (0: none).",
    )
    maintenance_interval_type = fields.Selection(
        [("days", "Days"), ("months", "Months")], default="months"
    )
    sla_ids = fields.Many2many(
        "helpdesk.sla",
        "aftersales_strategy_helpdesk_sla_rel",
        "strategy_id",
        "sla_id",
        string="SLA Policies",
        help="SLA policies that apply only to requests on products with this strategy.",
    )

    _unique_code = models.Constraint("UNIQUE (code)", "There is one strategy per code.")
    _unique_quadrant = models.Constraint(
        "UNIQUE (repair_cost, failure_cost)",
        "Each pair of repair and failure costs gives exactly one strategy.",
    )

    @api.model
    def _by_quadrant(self):
        """{(repair_cost, failure_cost): strategy} for the whole matrix."""
        strategies = self.sudo().search([], limit=len(COST_LEVELS) ** 2)
        return {(s.repair_cost, s.failure_cost): s.with_env(self.env) for s in strategies}
