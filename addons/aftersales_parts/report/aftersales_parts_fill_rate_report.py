from odoo import fields, models
from odoo.tools import SQL

from ..models.aftersales_part_demand import CONSUMING_USAGES
from .selections import CRITICALITY


class AftersalesPartsFillRateReport(models.Model):
    """Fill rate of repair and visit demand: each done move of a spare part out of stock for a
    repair order or a service visit, served at once (100) or not (0). A move is served at once
    when stock was reserved for it within a day of its creation (its first move line is that
    recent): the part was on the shelf when the demand came. The average of ``fill_rate`` over
    moves is the fraction of demand moves served at once."""

    _name = "aftersales.parts.fill.rate.report"
    _description = "Spare Parts Fill Rate"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "stock.move": [
            "date",
            "create_date",
            "product_id",
            "company_id",
            "product_qty",
            "state",
            "location_id",
            "location_dest_id",
            "repair_id",
            "aftersales_visit_id",
        ],
        "stock.move.line": ["move_id", "create_date"],
        "stock.location": ["usage", "warehouse_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["aftersales_is_spare_part", "aftersales_effective_criticality"],
    }

    date = fields.Datetime(readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Part", readonly=True)
    product_id = fields.Many2one("product.product", string="Part Variant", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    criticality = fields.Selection(CRITICALITY, readonly=True)
    demand_type = fields.Selection(
        [("repair", "Repair"), ("visit", "Service Visit")], readonly=True
    )
    quantity = fields.Float(readonly=True, digits="Product Unit")
    served_quantity = fields.Float(string="Served at Once", readonly=True, digits="Product Unit")
    fill_rate = fields.Float(
        string="Fill Rate (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT move.id, move.date, move.product_id, product.product_tmpl_id,
                   source.warehouse_id, move.company_id,
                   template.aftersales_effective_criticality AS criticality,
                   CASE WHEN move.repair_id IS NOT NULL THEN 'repair' ELSE 'visit' END
                       AS demand_type,
                   move.product_qty AS quantity,
                   CASE WHEN reserved.first <= move.create_date + interval '1 day'
                        THEN move.product_qty ELSE 0 END AS served_quantity,
                   CASE WHEN reserved.first <= move.create_date + interval '1 day'
                        THEN 100.0 ELSE 0.0 END AS fill_rate
              FROM stock_move move
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location destination ON destination.id = move.location_dest_id
              JOIN product_product product ON product.id = move.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN LATERAL (
                SELECT MIN(line.create_date) AS first
                  FROM stock_move_line line
                 WHERE line.move_id = move.id
              ) reserved ON TRUE
             WHERE move.state = 'done'
               AND template.aftersales_is_spare_part
               AND source.usage = 'internal'
               AND destination.usage IN %(consuming)s
               AND (move.repair_id IS NOT NULL OR move.aftersales_visit_id IS NOT NULL)
            """,
            consuming=CONSUMING_USAGES,
        )
