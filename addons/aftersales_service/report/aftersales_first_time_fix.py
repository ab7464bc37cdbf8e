from odoo import fields, models
from odoo.tools import SQL

from ..models.aftersales_visit_report import RETURN_REASONS


class AftersalesFirstTimeFix(models.Model):
    """First-time fix: did the first visit of a service request solve it?

    One row per service request whose first visit (the earliest not cancelled) is done. The
    request was fixed the first time when no other visit (done, planned or under way) followed
    for it; otherwise the row carries the return visits and the reason given on the first of
    them. `first_time_fix_rate` is the share of requests fixed the first time in a group.
    """

    _name = "aftersales.first.time.fix"
    _description = "First-Time Fix Analysis"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "aftersales.visit": [
            "ticket_id",
            "state",
            "planned_start",
            "actual_end",
            "technician_id",
            "equipment_id",
            "company_id",
            "visit_type",
            "return_reason",
        ],
        "aftersales.equipment": ["product_id"],
    }

    visit_id = fields.Many2one("aftersales.visit", string="First Visit", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Service Request", readonly=True)
    technician_id = fields.Many2one("res.users", readonly=True)
    equipment_id = fields.Many2one("aftersales.equipment", string="Unit", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    visit_type = fields.Selection(
        lambda self: self.env["aftersales.visit"]._fields["visit_type"].selection,
        readonly=True,
    )
    date = fields.Date(string="First Visit Done", readonly=True)
    first_time_fix = fields.Integer(string="Fixed First Time", readonly=True)
    first_time_fix_rate = fields.Float(string="First-Time Fix (%)", readonly=True, aggregator="avg")
    return_visits = fields.Integer(readonly=True)
    return_reason = fields.Selection(RETURN_REASONS, readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH ranked AS (
                SELECT visit.*,
                       ROW_NUMBER() OVER (
                           PARTITION BY visit.ticket_id ORDER BY visit.planned_start, visit.id
                       ) AS rank,
                       COUNT(*) OVER (PARTITION BY visit.ticket_id) AS visits
                  FROM aftersales_visit visit
                 WHERE visit.ticket_id IS NOT NULL AND visit.state != 'cancelled'
            )
            SELECT %(select)s
              FROM ranked first
              LEFT JOIN ranked second ON second.ticket_id = first.ticket_id AND second.rank = 2
              LEFT JOIN aftersales_equipment unit ON unit.id = first.equipment_id
             WHERE first.rank = 1 AND first.state = 'done'
            """,
            select=SQL(", ").join(self._select()),
        )

    def _select(self):
        """The columns, as a list other addons extend (a column of the first visit...)."""
        return [
            SQL("first.id AS id"),
            SQL("first.id AS visit_id"),
            SQL("first.ticket_id AS ticket_id"),
            SQL("first.technician_id AS technician_id"),
            SQL("first.equipment_id AS equipment_id"),
            SQL("unit.product_id AS product_id"),
            SQL("first.company_id AS company_id"),
            SQL("first.visit_type AS visit_type"),
            SQL("first.actual_end::date AS date"),
            SQL("CASE WHEN first.visits = 1 THEN 1 ELSE 0 END AS first_time_fix"),
            SQL("CASE WHEN first.visits = 1 THEN 100.0 ELSE 0.0 END AS first_time_fix_rate"),
            SQL("first.visits - 1 AS return_visits"),
            SQL("second.return_reason AS return_reason"),
        ]
