from odoo import fields, models
from odoo.tools import SQL

from ..models.aftersales_part_demand import CONSUMING_USAGES
from .selections import CRITICALITY, LIFECYCLE


class AftersalesPartsStockValueReport(models.Model):
    """Stock of spare parts on hand per warehouse, valued at the company's cost, by criticality,
    lifecycle and ABC class; parts without demand out of stock in the last 12 months are flagged
    (dead stock)."""

    _name = "aftersales.parts.stock.value.report"
    _description = "Spare Parts Stock Value"
    _auto = False
    _order = "value desc, id"
    _depends = {
        "stock.quant": ["product_id", "location_id", "company_id", "quantity"],
        "stock.move": ["product_id", "state", "date", "location_id", "location_dest_id"],
        "stock.location": ["usage", "warehouse_id"],
        "product.product": ["product_tmpl_id", "standard_price"],
        "product.template": [
            "aftersales_is_spare_part",
            "aftersales_effective_criticality",
            "aftersales_lifecycle",
            "aftersales_abc_class",
        ],
    }

    product_tmpl_id = fields.Many2one("product.template", string="Part", readonly=True)
    product_id = fields.Many2one("product.product", string="Part Variant", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    criticality = fields.Selection(CRITICALITY, readonly=True)
    lifecycle = fields.Selection(LIFECYCLE, readonly=True)
    abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")], string="ABC Class", readonly=True
    )
    quantity = fields.Float(readonly=True, digits="Product Unit")
    value = fields.Float(readonly=True, digits="Product Price")
    no_recent_demand = fields.Boolean(
        string="No Demand in 12 Months",
        readonly=True,
        help="No consumption of the part out of stock in the last 12 months.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT stock.*,
                   NOT EXISTS (
                       SELECT 1
                         FROM stock_move move
                         JOIN stock_location source ON source.id = move.location_id
                         JOIN stock_location destination
                           ON destination.id = move.location_dest_id
                        WHERE move.product_id = stock.product_id
                          AND move.state = 'done'
                          AND move.date >= now() AT TIME ZONE 'UTC' - interval '12 months'
                          AND source.usage = 'internal'
                          AND destination.usage IN %(consuming)s
                   ) AS no_recent_demand
              FROM (
                SELECT MIN(quant.id) AS id, quant.product_id, product.product_tmpl_id,
                       location.warehouse_id, quant.company_id,
                       template.aftersales_effective_criticality AS criticality,
                       template.aftersales_lifecycle AS lifecycle,
                       template.aftersales_abc_class AS abc_class,
                       SUM(quant.quantity) AS quantity,
                       SUM(quant.quantity * COALESCE(
                           (product.standard_price ->> quant.company_id::text)::numeric, 0
                       )) AS value
                  FROM stock_quant quant
                  JOIN stock_location location ON location.id = quant.location_id
                  JOIN product_product product ON product.id = quant.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE location.usage = 'internal'
                   AND template.aftersales_is_spare_part
                 GROUP BY 2, 3, 4, 5, 6, 7, 8
              ) stock
            """,
            consuming=CONSUMING_USAGES,
        )
