from odoo import fields, models
from odoo.tools import SQL

# months-in-service buckets: key, first month, first month after the bucket (None: open)
BUCKETS = [
    ("00_02", 0, 3),
    ("03_05", 3, 6),
    ("06_11", 6, 12),
    ("12_23", 12, 24),
    ("24_plus", 24, None),
]


def claim_months_sql():
    """Whole months from the unit's delivery (``unit``) to the claim's failure (``c``)."""
    return SQL(
        "(EXTRACT(YEAR FROM AGE(c.failure_date, unit.delivery_date)) * 12"
        " + EXTRACT(MONTH FROM AGE(c.failure_date, unit.delivery_date)))::integer"
    )


class AftersalesFailureRate(models.Model):
    """Failures per 1,000 units delivered, by product, lot, delivery month and months in service.

    One row per delivered unit (``aftersales.equipment`` with a delivery date) and per
    months-in-service bucket the unit has reached today, with the claims whose failure fell in
    that bucket. Claims count unless cancelled or goodwill; claims closed as "no fault found" are
    counted apart (``nff_claims``), not as failures.

    ``units`` is the number of distinct units in a group, so:
    - without grouping by bucket, it is the units delivered (the delivery month is the cohort)
      and the failure rate is failures / units delivered x 1,000;
    - grouped by bucket, it is the units that have reached that bucket (units at risk), and the
      rate is failures in that bucket / units at risk x 1,000.
    """

    _name = "aftersales.failure.rate"
    _description = "Warranty Failure Rate"
    _auto = False
    _order = "delivery_date desc, id"
    _depends = {
        "aftersales.equipment": ["company_id", "product_id", "lot_id", "delivery_date"],
        "aftersales.claim": ["equipment_id", "failure_date", "outcome", "state", "decision"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    equipment_id = fields.Many2one("aftersales.equipment", string="Unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    delivery_date = fields.Date(string="Delivered On", readonly=True)
    bucket = fields.Selection(
        [
            ("00_02", "0-2 months"),
            ("03_05", "3-5 months"),
            ("06_11", "6-11 months"),
            ("12_23", "12-23 months"),
            ("24_plus", "24 months and more"),
        ],
        string="Months in Service",
        readonly=True,
    )
    units = fields.Integer(readonly=True)
    failures = fields.Integer(readonly=True)
    nff_claims = fields.Integer(string="No Fault Found", readonly=True)
    failure_rate = fields.Float(string="Failures per 1,000 Units", readonly=True, aggregator="avg")
    nff_rate = fields.Float(string="No Fault Found (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        months = SQL(
            "(EXTRACT(YEAR FROM AGE(%(to)s, unit.delivery_date)) * 12"
            " + EXTRACT(MONTH FROM AGE(%(to)s, unit.delivery_date)))::integer",
            to=SQL("%s::date", today),
        )
        claim_months = claim_months_sql()
        buckets = SQL(", ").join(
            SQL("(%s, %s, %s, %s::integer)", index, key, start, end)
            for index, (key, start, end) in enumerate(BUCKETS)
        )
        return SQL(
            """
            WITH bucket(idx, key, month_from, month_to) AS (VALUES %(buckets)s),
            units AS (
                SELECT unit.id, unit.company_id, unit.product_id, template.categ_id,
                       unit.lot_id, unit.delivery_date, %(months)s AS months
                  FROM aftersales_equipment unit
                  JOIN product_product product ON product.id = unit.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE unit.delivery_date IS NOT NULL
            ),
            claims AS (
                SELECT c.equipment_id, %(claim_months)s AS months,
                       COALESCE(c.outcome = 'no_fault_found', FALSE) AS nff
                  FROM aftersales_claim c
                  JOIN aftersales_equipment unit ON unit.id = c.equipment_id
                 WHERE c.state != 'cancel'
                   AND c.decision IS DISTINCT FROM 'goodwill'
                   AND unit.delivery_date IS NOT NULL
            )
            SELECT
                units.id * %(bucket_count)s + bucket.idx AS id,
                units.id AS equipment_id,
                units.company_id,
                units.product_id,
                units.categ_id,
                units.lot_id,
                units.delivery_date,
                bucket.key AS bucket,
                1 AS units,
                COUNT(claims.equipment_id) FILTER (WHERE NOT claims.nff) AS failures,
                COUNT(claims.equipment_id) FILTER (WHERE claims.nff) AS nff_claims,
                1000.0 * COUNT(claims.equipment_id) FILTER (WHERE NOT claims.nff) AS failure_rate,
                100.0 * COUNT(claims.equipment_id) FILTER (WHERE claims.nff)
                    / NULLIF(COUNT(claims.equipment_id), 0) AS nff_rate
              FROM units
              JOIN bucket ON bucket.month_from = 0 OR units.months >= bucket.month_from
              LEFT JOIN claims ON claims.equipment_id = units.id
                   AND claims.months >= bucket.month_from
                   AND (bucket.month_to IS NULL OR claims.months < bucket.month_to)
             GROUP BY units.id, units.company_id, units.product_id, units.categ_id,
                      units.lot_id, units.delivery_date, bucket.idx, bucket.key
            """,
            buckets=buckets,
            months=months,
            claim_months=claim_months,
            bucket_count=len(BUCKETS),
        )

    def _read_group_select(self, aggregate_spec, query):
        """Units are distinct units (a unit has a row per bucket reached); the rates are
        worked out from the group's sums, never averaged row by row."""
        fname = aggregate_spec.split(":")[0]
        if fname not in ("units", "failure_rate", "nff_rate"):
            return super()._read_group_select(aggregate_spec, query)
        units = SQL("COUNT(DISTINCT %s)", self._field_to_sql(self._table, "equipment_id", query))
        failures = SQL("SUM(%s)", self._field_to_sql(self._table, "failures", query))
        nff = SQL("SUM(%s)", self._field_to_sql(self._table, "nff_claims", query))
        if fname == "units":
            return units
        if fname == "failure_rate":
            return SQL("1000.0 * %s / NULLIF(%s, 0)", failures, units)
        return SQL("100.0 * %s / NULLIF(%s + %s, 0)", nff, failures, nff)
