from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from .aftersales_failure_rate import (
    BUCKET_SELECTION,
    BUCKETS,
    bucket_values_sql,
    claim_months_sql,
    months_between_sql,
)


class AftersalesFailureRateSummary(models.Model):
    """Failure rate per company, product, delivery month (cohort) and months in service,
    refreshed in bulk.

    The live *Failure Rate* view (``aftersales.failure.rate``) has a row per unit and
    months-in-service bucket: at a million units its pivot reads millions of rows. This table
    holds one row per company, product, delivery month and bucket reached by at least one of
    its units, with the units that had reached the bucket (units at risk) and the failures and
    no-fault-found claims whose failure fell in it, written by ``_refresh_summary`` in one
    statement: every night by a cron and on demand by *Refresh*. Its figures are those of the
    live view, grouped or not by bucket, as of ``refresh_date``.
    """

    _name = "aftersales.failure.rate.summary"
    _description = "Warranty Failure Rate"
    _order = "delivery_month desc, product_id, bucket"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    delivery_month = fields.Date(readonly=True, help="First day of the month of delivery.")
    bucket = fields.Selection(BUCKET_SELECTION, string="Months in Service", readonly=True)
    units = fields.Integer(
        readonly=True,
        help="Units delivered; grouped by months in service, the units that had reached that "
        "age at the refresh (units at risk).",
    )
    failures = fields.Integer(readonly=True)
    nff_claims = fields.Integer(string="No Fault Found", readonly=True)
    failure_rate = fields.Float(string="Failures per 1,000 Units", readonly=True, aggregator="avg")
    nff_rate = fields.Float(string="No Fault Found (%)", readonly=True, aggregator="avg")
    refresh_date = fields.Datetime(string="As Of", readonly=True, aggregator="max")

    def _read_group_select(self, aggregate_spec, query):
        """A unit is counted in every bucket it reached, and every unit reached the first
        bucket: the units of a group are those of the earliest bucket in it (the units
        delivered, or those at risk when grouped by bucket). The rates come from the group's
        sums, never from averaging rows."""
        fname = aggregate_spec.split(":")[0]
        if fname not in ("units", "failure_rate", "nff_rate"):
            return super()._read_group_select(aggregate_spec, query)
        bucket = self._field_to_sql(self._table, "bucket", query)
        column = self._field_to_sql(self._table, "units", query)
        units = SQL(
            "COALESCE(%s)",
            SQL(", ").join(
                SQL("SUM(%s) FILTER (WHERE %s = %s)", column, bucket, key)
                for key, _start, _end in BUCKETS
            ),
        )
        failures, nff = (
            SQL("SUM(%s)", self._field_to_sql(self._table, name, query))
            for name in ("failures", "nff_claims")
        )
        if fname == "units":
            return units
        if fname == "failure_rate":
            return SQL("1000.0 * %s / NULLIF(%s, 0)", failures, units)
        return SQL("100.0 * %s / NULLIF(%s + %s, 0)", nff, failures, nff)

    def init(self):
        # rows written before the months-in-service buckets (bucket empty) would count no
        # units: write them again, once, when the module is updated
        self.env.cr.execute(
            SQL("SELECT 1 FROM %s WHERE bucket IS NULL LIMIT 1", SQL.identifier(self._table))
        )
        if self.env.cr.fetchone():
            self._refresh_failure_rates()

    @api.model
    def _last_refresh(self):
        """When the summary was last written (None if never), whatever the user may read."""
        self.env.cr.execute(SQL("SELECT MAX(refresh_date) FROM %s", SQL.identifier(self._table)))
        return self.env.cr.fetchone()[0]

    @api.model
    def _action_open_report(self):
        """The report's action, named with the date of its figures."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_failure_rate_summary"
        )
        last = self._last_refresh()
        action["name"] = action["display_name"] = (
            self.env._("Failure Rate as of %(date)s", date=format_datetime(self.env, last))
            if last
            else self.env._("Failure Rate (not refreshed yet)")
        )
        return action

    def action_open_units(self):
        """The row's units (its company, product, delivery month and months in service) in
        the live per-unit view: a few thousand units, where the whole base is millions."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_failure_rate"
        )
        action["name"] = action["display_name"] = self.env._(
            "%(product)s, delivered %(month)s, %(bucket)s",
            product=self.product_id.display_name,
            month=self.delivery_month.strftime("%Y-%m"),
            bucket=dict(self._fields["bucket"]._description_selection(self.env))[self.bucket],
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("product_id", "=", self.product_id.id),
            ("delivery_date", ">=", self.delivery_month),
            ("delivery_date", "<", self.delivery_month + relativedelta(months=1)),
            ("bucket", "=", self.bucket),
        ]
        return action

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
        today = SQL("%s::date", fields.Date.context_today(self))
        cohort = SQL("DATE_TRUNC('month', unit.delivery_date)::date")

        # as in the live view: a unit is at risk in every bucket it has reached today, and
        # a claim counts in its failure's bucket if the unit has reached that bucket
        def reached(months):
            return SQL("(bucket.month_from = 0 OR %s >= bucket.month_from)", months)

        cr.execute(
            SQL(
                """
                WITH bucket(idx, key, month_from, month_to) AS (VALUES %(buckets)s),
                units AS (
                    SELECT unit.company_id, unit.product_id, %(cohort)s AS month,
                           %(months)s AS months, COUNT(*) AS units
                      FROM aftersales_equipment unit
                     WHERE unit.delivery_date IS NOT NULL
                     GROUP BY 1, 2, 3, 4
                ),
                at_risk AS (
                    SELECT units.company_id, units.product_id, units.month, bucket.key,
                           SUM(units.units) AS units
                      FROM units
                      JOIN bucket ON %(unit_reached)s
                     GROUP BY 1, 2, 3, 4
                ),
                claims AS (
                    SELECT claim.company_id, claim.product_id, claim.month, bucket.key,
                           COUNT(*) FILTER (WHERE NOT claim.nff) AS failures,
                           COUNT(*) FILTER (WHERE claim.nff) AS nff
                      FROM (
                        SELECT unit.company_id, unit.product_id, %(cohort)s AS month,
                               %(months)s AS unit_months, %(claim_months)s AS months,
                               COALESCE(c.outcome = 'no_fault_found', FALSE) AS nff
                          FROM aftersales_claim c
                          JOIN aftersales_equipment unit ON unit.id = c.equipment_id
                         WHERE c.state != 'cancel'
                           AND c.decision IS DISTINCT FROM 'goodwill'
                           AND unit.delivery_date IS NOT NULL
                      ) AS claim
                      JOIN bucket ON %(claim_reached)s
                           AND claim.months >= bucket.month_from
                           AND (bucket.month_to IS NULL OR claim.months < bucket.month_to)
                     GROUP BY 1, 2, 3, 4
                )
                INSERT INTO %(table)s (company_id, product_id, categ_id, delivery_month, bucket,
                                       units, failures, nff_claims, failure_rate, nff_rate,
                                       refresh_date, create_uid, write_uid, create_date,
                                       write_date)
                SELECT at_risk.company_id, at_risk.product_id, template.categ_id, at_risk.month,
                       at_risk.key, at_risk.units, COALESCE(claims.failures, 0),
                       COALESCE(claims.nff, 0),
                       1000.0 * COALESCE(claims.failures, 0) / at_risk.units,
                       100.0 * claims.nff / NULLIF(claims.failures + claims.nff, 0),
                       %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM at_risk
                  JOIN product_product product ON product.id = at_risk.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                  LEFT JOIN claims ON claims.company_id = at_risk.company_id
                       AND claims.product_id = at_risk.product_id
                       AND claims.month = at_risk.month
                       AND claims.key = at_risk.key
                """,
                buckets=bucket_values_sql(),
                cohort=cohort,
                months=months_between_sql(SQL("unit.delivery_date"), today),
                claim_months=claim_months_sql(),
                unit_reached=reached(SQL("units.months")),
                claim_reached=reached(SQL("claim.unit_months")),
                table=table,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
        return cr.rowcount
