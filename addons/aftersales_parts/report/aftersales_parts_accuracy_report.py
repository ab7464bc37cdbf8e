from odoo import fields, models
from odoo.tools import SQL

from .selections import CRITICALITY


class AftersalesPartsAccuracyReport(models.Model):
    """Forecasts against what happened: each month a done run forecast, once the month is over,
    with the net demand of the part in the warehouse that month (demand view)."""

    _name = "aftersales.parts.accuracy.report"
    _description = "Spare Parts Forecast Accuracy"
    _auto = False
    _order = "month desc, id"
    _depends = {
        "aftersales.forecast.run.line": [
            "run_id",
            "run_date",
            "product_tmpl_id",
            "warehouse_id",
            "company_id",
            "criticality",
            "demand_class",
            "method",
            "forecast",
        ],
        "aftersales.forecast.run": ["state", "date_reference"],
        # the actual demand is the demand view's: its own sources are flushed with it
        "aftersales.part.demand": [],
    }

    run_id = fields.Many2one("aftersales.forecast.run", string="Forecast Run", readonly=True)
    run_date = fields.Datetime(readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Part", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    criticality = fields.Selection(CRITICALITY, readonly=True)
    demand_class = fields.Char(string="Class", readonly=True)
    method = fields.Char(readonly=True)
    month = fields.Date(readonly=True)
    months_ahead = fields.Integer(readonly=True)
    forecast = fields.Float(readonly=True, digits="Product Unit")
    actual = fields.Float(readonly=True, digits="Product Unit")
    error = fields.Float(readonly=True, digits="Product Unit", help="Forecast - actual.")
    abs_error = fields.Float(string="Absolute Error", readonly=True, digits="Product Unit")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id * 1000 + step.months_ahead AS id, line.run_id, line.run_date,
                   line.product_tmpl_id, line.warehouse_id, line.company_id, line.criticality,
                   line.demand_class, line.method, step.month, step.months_ahead,
                   step.forecast, COALESCE(actual.quantity, 0) AS actual,
                   step.forecast - COALESCE(actual.quantity, 0) AS error,
                   ABS(step.forecast - COALESCE(actual.quantity, 0)) AS abs_error
              FROM aftersales_forecast_run_line line
              JOIN aftersales_forecast_run run ON run.id = line.run_id AND run.state = 'done'
             CROSS JOIN LATERAL (
                SELECT value::float AS forecast, ordinality::int AS months_ahead,
                       (run.date_reference
                        + make_interval(months => ordinality::int - 1))::date AS month
                  FROM jsonb_array_elements_text(line.forecast::jsonb) WITH ORDINALITY
             ) step
              LEFT JOIN LATERAL (
                SELECT SUM(demand.quantity) AS quantity
                  FROM (%(demand)s) demand
                 WHERE demand.product_tmpl_id = line.product_tmpl_id
                   AND demand.warehouse_id = line.warehouse_id
                   AND demand.month = step.month
             ) actual ON TRUE
             WHERE step.month < date_trunc('month', now() AT TIME ZONE 'UTC')::date
            """,
            demand=self.env["aftersales.part.demand"]._table_query,
        )
