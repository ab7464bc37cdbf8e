from odoo import fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL

# months-in-service buckets: key, first month, first month after the bucket (None: open)
BUCKETS = [
    ("00_02", 0, 3),
    ("03_05", 3, 6),
    ("06_11", 6, 12),
    ("12_23", 12, 24),
    ("24_plus", 24, None),
]
BUCKET_SELECTION = [
    ("00_02", "0-2 months"),
    ("03_05", "3-5 months"),
    ("06_11", "6-11 months"),
    ("12_23", "12-23 months"),
    ("24_plus", "24 months and more"),
]


def months_between_sql(since, to):
    """Whole months from the date ``since`` to the date ``to`` (SQL expressions)."""
    return SQL(
        "(EXTRACT(YEAR FROM AGE(%(to)s, %(since)s)) * 12"
        " + EXTRACT(MONTH FROM AGE(%(to)s, %(since)s)))::integer",
        since=since,
        to=to,
    )


def claim_months_sql():
    """Whole months from the unit's delivery (``unit``) to the claim's failure (``c``)."""
    return months_between_sql(SQL("unit.delivery_date"), SQL("c.failure_date"))


def bucket_values_sql():
    """The buckets as SQL rows ``(idx, key, month_from, month_to)``, for ``VALUES``."""
    return SQL(", ").join(
        SQL("(%s, %s, %s, %s::integer)", index, key, start, end)
        for index, (key, start, end) in enumerate(BUCKETS)
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
    bucket = fields.Selection(BUCKET_SELECTION, string="Months in Service", readonly=True)
    units = fields.Integer(readonly=True)
    failures = fields.Integer(readonly=True)
    nff_claims = fields.Integer(string="No Fault Found", readonly=True)
    failure_rate = fields.Float(string="Failures per 1,000 Units", readonly=True, aggregator="avg")
    nff_rate = fields.Float(string="No Fault Found (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        # The claims are joined to the units of the query only (their months worked out from
        # the unit's row), so a filter on the units (a product, a delivery month, a lot) that
        # PostgreSQL pushes into ``units`` also limits the claims read, through their
        # ``equipment_id`` index; the units are found by the (product, delivery date) index.
        today = SQL("%s::date", fields.Date.context_today(self))
        claim_months = months_between_sql(SQL("units.delivery_date"), SQL("claims.failure_date"))
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
                SELECT c.equipment_id, c.failure_date,
                       COALESCE(c.outcome = 'no_fault_found', FALSE) AS nff
                  FROM aftersales_claim c
                 WHERE c.state != 'cancel'
                   AND c.decision IS DISTINCT FROM 'goodwill'
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
                   AND %(claim_months)s >= bucket.month_from
                   AND (bucket.month_to IS NULL OR %(claim_months)s < bucket.month_to)
             GROUP BY units.id, units.company_id, units.product_id, units.categ_id,
                      units.lot_id, units.delivery_date, bucket.idx, bucket.key
            """,
            buckets=bucket_values_sql(),
            months=months_between_sql(SQL("unit.delivery_date"), today),
            claim_months=claim_months,
            bucket_count=len(BUCKETS),
        )

    def _search(self, domain, *args, **kwargs):
        """Rows read by id (a page of the list: ``id in [...]``) are looked for among their
        units only: PostgreSQL cannot work back from ``unit * buckets + bucket`` to the
        units, and would build the rows of every unit to find a page of them."""
        domain = Domain(domain)
        conditions = domain.children if isinstance(domain, DomainAnd) else (domain,)
        for condition in conditions:
            if (
                isinstance(condition, DomainCondition)
                and condition.field_expr == "id"
                and condition.operator == "in"
                and isinstance(condition.value, (list, tuple, set, frozenset))
                and all(isinstance(id_, int) for id_ in condition.value)
            ):
                units = sorted({id_ // len(BUCKETS) for id_ in condition.value})
                domain &= Domain("equipment_id", "in", units)
                break
        return super()._search(domain, *args, **kwargs)

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
