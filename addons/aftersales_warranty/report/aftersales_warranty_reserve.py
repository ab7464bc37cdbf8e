from odoo import fields, models
from odoo.tools import SQL

DAYS_PER_YEAR = 365.25


class AftersalesWarrantyReserve(models.Model):
    """Warranty reserve per product: the expected cost of the cover still open.

    The entitlements are read from their summary per cover period
    (``aftersales.warranty.cover.summary``, refreshed nightly and by the *Refresh* of the
    failure rates per month): entitlements created since the last refresh are not counted
    yet; today's date and the paid claims are always current.

    Per product (and company), with today's date as the cut-off:

    - exposure (unit-years) = sum over the product's entitlements (not void, started) of the
      days of cover run so far, ``min(end + 1, today) - start``, / 365.25;
    - paid claims = claims approved, in progress or done, goodwill excepted; their cost is
      the claim amount (covered repair cost, replacement value or refund);
    - claim rate per unit-year = paid claims / exposure;
    - average cost per claim = cost of the paid claims / paid claims;
    - **reserve** = active entitlements (covering today) x claim rate x average cost: the
      expected cost of one more year of the open cover;
    - **reserve to expiry** = open cover years (sum of ``end + 1 - max(start, today)`` over
      the entitlements not yet ended, / 365.25) x claim rate x average cost: the expected
      cost until the open cover ends.
    """

    _name = "aftersales.warranty.reserve"
    _description = "Warranty Reserve"
    _auto = False
    _order = "reserve desc, id"
    _depends = {
        "aftersales.warranty.cover.summary": [
            "company_id",
            "product_id",
            "date_start",
            "date_end",
            "entitlements",
        ],
        "aftersales.claim": ["company_id", "product_id", "state", "decision", "claim_amount"],
        "res.company": ["currency_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    active_entitlements = fields.Integer(readonly=True)
    unit_years = fields.Float(string="Exposure (Unit-Years)", readonly=True, digits=(16, 2))
    open_cover_years = fields.Float(readonly=True, digits=(16, 2))
    claims = fields.Integer(string="Paid Claims", readonly=True)
    claim_cost = fields.Monetary(string="Cost of Paid Claims", readonly=True)
    claim_rate = fields.Float(
        string="Claims per Unit-Year", readonly=True, digits=(16, 4), aggregator="avg"
    )
    average_cost = fields.Monetary(string="Average Cost per Claim", readonly=True, aggregator="avg")
    reserve = fields.Monetary(readonly=True)
    reserve_to_expiry = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        today = SQL("%s::date", fields.Date.context_today(self))
        return SQL(
            """
            WITH cover AS (
                SELECT w.company_id, w.product_id,
                       COALESCE(SUM(w.entitlements) FILTER (WHERE w.date_start <= %(today)s
                           AND w.date_end >= %(today)s), 0) AS active_entitlements,
                       SUM(w.entitlements
                           * GREATEST(LEAST(w.date_end + 1, %(today)s) - w.date_start, 0))
                           / %(year)s AS unit_years,
                       COALESCE(SUM(w.entitlements
                           * (w.date_end + 1 - GREATEST(w.date_start, %(today)s)))
                           FILTER (WHERE w.date_end >= %(today)s), 0) / %(year)s
                           AS open_cover_years
                  FROM aftersales_warranty_cover_summary w
                 GROUP BY w.company_id, w.product_id
            ),
            paid AS (
                SELECT c.company_id, c.product_id, COUNT(*) AS claims,
                       SUM(COALESCE(c.claim_amount, 0)) AS claim_cost
                  FROM aftersales_claim c
                 WHERE c.state IN ('approved', 'in_progress', 'done')
                   AND c.decision IS DISTINCT FROM 'goodwill'
                 GROUP BY c.company_id, c.product_id
            )
            SELECT
                ROW_NUMBER() OVER (ORDER BY cover.company_id, cover.product_id) AS id,
                cover.company_id,
                company.currency_id,
                cover.product_id,
                template.categ_id,
                cover.active_entitlements,
                cover.unit_years,
                cover.open_cover_years,
                COALESCE(paid.claims, 0) AS claims,
                COALESCE(paid.claim_cost, 0) AS claim_cost,
                paid.claims / NULLIF(cover.unit_years, 0) AS claim_rate,
                paid.claim_cost / NULLIF(paid.claims, 0) AS average_cost,
                COALESCE(cover.active_entitlements * paid.claim_cost
                    / NULLIF(cover.unit_years, 0), 0) AS reserve,
                COALESCE(cover.open_cover_years * paid.claim_cost
                    / NULLIF(cover.unit_years, 0), 0) AS reserve_to_expiry
              FROM cover
              JOIN res_company company ON company.id = cover.company_id
              JOIN product_product product ON product.id = cover.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN paid ON paid.company_id = cover.company_id
                   AND paid.product_id = cover.product_id
            """,
            today=today,
            year=DAYS_PER_YEAR,
        )

    def _read_group_select(self, aggregate_spec, query):
        """Rates over a group come from the group's sums, never from averaging rows."""
        fname = aggregate_spec.split(":")[0]
        if fname not in ("claim_rate", "average_cost"):
            return super()._read_group_select(aggregate_spec, query)
        claims = SQL("SUM(%s)", self._field_to_sql(self._table, "claims", query))
        if fname == "claim_rate":
            years = SQL("SUM(%s)", self._field_to_sql(self._table, "unit_years", query))
            return SQL("%s / NULLIF(%s, 0)", claims, years)
        cost = SQL("SUM(%s)", self._field_to_sql(self._table, "claim_cost", query))
        return SQL("%s / NULLIF(%s, 0)", cost, claims)
