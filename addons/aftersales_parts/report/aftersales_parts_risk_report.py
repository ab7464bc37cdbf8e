from odoo import fields, models
from odoo.tools import SQL

from .selections import CRITICALITY, LIFECYCLE


class AftersalesPartsRiskReport(models.Model):
    """Parts at risk: on hand + incoming below the demand expected until an order placed now
    arrives (lead time + one review month), from each part's latest done forecast."""

    _name = "aftersales.parts.risk.report"
    _description = "Spare Parts at Risk"
    _auto = False
    _order = "shortfall desc, id"
    _depends = {
        "aftersales.forecast.run.line": [
            "run_id",
            "product_tmpl_id",
            "product_id",
            "warehouse_id",
            "company_id",
            "criticality",
            "lifecycle",
            "lead_time_demand",
        ],
        "aftersales.forecast.run": ["state", "date_started"],
        "stock.quant": ["product_id", "location_id", "quantity"],
        "stock.move": ["product_id", "product_qty", "state", "location_id", "location_dest_id"],
        "stock.location": ["usage", "warehouse_id"],
    }

    run_id = fields.Many2one("aftersales.forecast.run", string="Forecast Run", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Part", readonly=True)
    product_id = fields.Many2one("product.product", string="Part Variant", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    criticality = fields.Selection(CRITICALITY, readonly=True)
    lifecycle = fields.Selection(LIFECYCLE, readonly=True)
    on_hand = fields.Float(readonly=True, digits="Product Unit")
    incoming = fields.Float(readonly=True, digits="Product Unit")
    lead_time_demand = fields.Float(
        string="Demand over Lead Time", readonly=True, digits="Product Unit"
    )
    shortfall = fields.Float(readonly=True, digits="Product Unit")
    at_risk = fields.Boolean(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (line.product_tmpl_id, line.warehouse_id) line.*
                  FROM aftersales_forecast_run_line line
                  JOIN aftersales_forecast_run run ON run.id = line.run_id
                 WHERE run.state = 'done'
                 ORDER BY line.product_tmpl_id, line.warehouse_id, run.date_started DESC,
                          run.id DESC
            ), on_hand AS (
                SELECT quant.product_id, location.warehouse_id, SUM(quant.quantity) AS quantity
                  FROM stock_quant quant
                  JOIN stock_location location ON location.id = quant.location_id
                 WHERE location.usage = 'internal' AND location.warehouse_id IS NOT NULL
                   AND quant.product_id IN (SELECT product_id FROM latest)
                 GROUP BY 1, 2
            ), incoming AS (
                SELECT move.product_id, destination.warehouse_id,
                       SUM(move.product_qty) AS quantity
                  FROM stock_move move
                  JOIN stock_location destination ON destination.id = move.location_dest_id
                  JOIN stock_location source ON source.id = move.location_id
                 WHERE move.state NOT IN ('draft', 'cancel', 'done')
                   AND destination.usage = 'internal' AND destination.warehouse_id IS NOT NULL
                   AND source.warehouse_id IS DISTINCT FROM destination.warehouse_id
                   AND move.product_id IN (SELECT product_id FROM latest)
                 GROUP BY 1, 2
            )
            SELECT latest.id, latest.run_id, latest.product_tmpl_id, latest.product_id,
                   latest.warehouse_id, latest.company_id, latest.criticality,
                   latest.lifecycle,
                   COALESCE(on_hand.quantity, 0) AS on_hand,
                   COALESCE(incoming.quantity, 0) AS incoming,
                   latest.lead_time_demand,
                   GREATEST(latest.lead_time_demand - COALESCE(on_hand.quantity, 0)
                            - COALESCE(incoming.quantity, 0), 0) AS shortfall,
                   COALESCE(on_hand.quantity, 0) + COALESCE(incoming.quantity, 0)
                       < latest.lead_time_demand AS at_risk
              FROM latest
              LEFT JOIN on_hand ON on_hand.product_id = latest.product_id
                               AND on_hand.warehouse_id = latest.warehouse_id
              LEFT JOIN incoming ON incoming.product_id = latest.product_id
                                AND incoming.warehouse_id = latest.warehouse_id
            """
        )
