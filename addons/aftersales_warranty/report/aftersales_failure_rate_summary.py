from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .aftersales_failure_rate import claim_months_sql


class AftersalesFailureRateSummary(models.Model):
    """Failure rate per company, product and delivery month (cohort), refreshed in bulk.

    The live *Failure Rate* view has a row per unit and months-in-service bucket: at a
    million units its pivot reads millions of rows. This table holds one row per company,
    product and delivery month with the same counts (units delivered, failures, no fault
    found), written by ``_refresh_summary`` in one statement: every night by a cron and on
    demand by *Refresh*. Its figures are those of the live view as of ``refresh_date``.
    """

    _name = "aftersales.failure.rate.summary"
    _description = "Warranty Failure Rate per Month"
    _order = "delivery_month desc, product_id"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    delivery_month = fields.Date(readonly=True, help="First day of the month of delivery.")
    units = fields.Integer(string="Units Delivered", readonly=True)
    failures = fields.Integer(readonly=True)
    nff_claims = fields.Integer(string="No Fault Found", readonly=True)
    failure_rate = fields.Float(string="Failures per 1,000 Units", readonly=True, aggregator="avg")
    nff_rate = fields.Float(string="No Fault Found (%)", readonly=True, aggregator="avg")
    refresh_date = fields.Datetime(string="As Of", readonly=True, aggregator="max")

    def _read_group_select(self, aggregate_spec, query):
        """The rates of a group come from its sums, never from averaging rows."""
        fname = aggregate_spec.split(":")[0]
        if fname not in ("failure_rate", "nff_rate"):
            return super()._read_group_select(aggregate_spec, query)
        units, failures, nff = (
            SQL("SUM(%s)", self._field_to_sql(self._table, name, query))
            for name in ("units", "failures", "nff_claims")
        )
        if fname == "failure_rate":
            return SQL("1000.0 * %s / NULLIF(%s, 0)", failures, units)
        return SQL("100.0 * %s / NULLIF(%s + %s, 0)", nff, failures, nff)

    @api.model
    def _last_refresh(self):
        """When the summary was last written (None if never), whatever the user may read."""
        self.env.cr.execute(SQL("SELECT MAX(refresh_date) FROM %s", SQL.identifier(self._table)))
        return self.env.cr.fetchone()[0]

    def action_refresh(self):
        if not self.env.user.has_group("aftersales_warranty.group_warranty_approver"):
            raise AccessError(
                self.env._("Only warranty approvers may refresh the warranty report summaries.")
            )
        self.sudo()._refresh_summary()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_refresh(self):
        self._refresh_summary()

    @api.model
    def _refresh_summary(self):
        """Rewrite the warranty reports' summaries: these rows and the reserve's cover
        (``aftersales.warranty.cover.summary``), in the caller's transaction."""
        self.env["aftersales.warranty.cover.summary"]._refresh_summary()
        return self._refresh_failure_rates()

    @api.model
    def _refresh_failure_rates(self):
        """Rewrite every row from the units and claims, for all companies, in one transaction.

        The exclusive lock makes a second refresh (cron and button together) wait for the
        first instead of writing the rows twice; readers are not blocked and see the old rows
        until this transaction commits."""
        self.env.flush_all()
        cr = self.env.cr
        table = SQL.identifier(self._table)
        cr.execute(SQL("LOCK TABLE %s IN EXCLUSIVE MODE", table))
        cr.execute(SQL("DELETE FROM %s", table))
        cohort = SQL("DATE_TRUNC('month', unit.delivery_date)::date")
        cr.execute(
            SQL(
                """
                WITH units AS (
                    SELECT unit.company_id, unit.product_id, %(cohort)s AS month,
                           COUNT(*) AS units
                      FROM aftersales_equipment unit
                     WHERE unit.delivery_date IS NOT NULL
                     GROUP BY 1, 2, 3
                ),
                claims AS (
                    SELECT unit.company_id, unit.product_id, %(cohort)s AS month,
                           COUNT(*) FILTER (WHERE c.outcome IS DISTINCT FROM 'no_fault_found')
                               AS failures,
                           COUNT(*) FILTER (WHERE c.outcome = 'no_fault_found') AS nff
                      FROM aftersales_claim c
                      JOIN aftersales_equipment unit ON unit.id = c.equipment_id
                     WHERE c.state != 'cancel'
                       AND c.decision IS DISTINCT FROM 'goodwill'
                       AND unit.delivery_date IS NOT NULL
                       AND %(claim_months)s >= 0
                     GROUP BY 1, 2, 3
                )
                INSERT INTO %(table)s (company_id, product_id, categ_id, delivery_month, units,
                                       failures, nff_claims, failure_rate, nff_rate,
                                       refresh_date, create_uid, write_uid, create_date,
                                       write_date)
                SELECT units.company_id, units.product_id, template.categ_id, units.month,
                       units.units, COALESCE(claims.failures, 0), COALESCE(claims.nff, 0),
                       1000.0 * COALESCE(claims.failures, 0) / units.units,
                       100.0 * claims.nff / NULLIF(claims.failures + claims.nff, 0),
                       %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM units
                  JOIN product_product product ON product.id = units.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                  LEFT JOIN claims ON claims.company_id = units.company_id
                       AND claims.product_id = units.product_id
                       AND claims.month = units.month
                """,
                cohort=cohort,
                claim_months=claim_months_sql(),
                table=table,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
        return cr.rowcount
