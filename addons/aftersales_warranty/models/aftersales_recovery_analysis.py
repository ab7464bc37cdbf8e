from odoo import fields, models
from odoo.tools import SQL


class AftersalesRecoveryAnalysis(models.Model):
    """Recovery rate per vendor and month: what we claimed, what the vendors accepted and
    what their credit notes settled. The rate is settled / claimed, recomputed from the sums
    at every grouping level (not an average of rates)."""

    _name = "aftersales.recovery.analysis"
    _description = "Vendor Recovery Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "aftersales.recovery": [
            "partner_id",
            "company_id",
            "date",
            "state",
            "amount_claimed",
            "amount_accepted",
            "amount_settled",
        ],
        "res.company": ["currency_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    recovery_count = fields.Integer(string="Recoveries", readonly=True)
    amount_claimed = fields.Monetary(readonly=True)
    amount_accepted = fields.Monetary(readonly=True)
    amount_settled = fields.Monetary(readonly=True)
    rate = fields.Float(string="Recovery Rate (%)", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._group_by())

    def _select(self):
        return SQL(
            """
            SELECT MIN(recovery.id) AS id,
                   recovery.partner_id AS partner_id,
                   recovery.company_id AS company_id,
                   company.currency_id AS currency_id,
                   DATE_TRUNC('month', recovery.date)::date AS date,
                   COUNT(*) AS recovery_count,
                   SUM(recovery.amount_claimed) AS amount_claimed,
                   SUM(recovery.amount_accepted) AS amount_accepted,
                   SUM(recovery.amount_settled) AS amount_settled,
                   CASE WHEN SUM(recovery.amount_claimed) > 0
                        THEN SUM(recovery.amount_settled) / SUM(recovery.amount_claimed) * 100
                        ELSE 0 END AS rate
            """
        )

    def _from(self):
        return SQL(
            """
            FROM aftersales_recovery recovery
            JOIN res_company company ON company.id = recovery.company_id
            WHERE recovery.state NOT IN ('draft', 'cancel')
            """
        )

    def _group_by(self):
        return SQL(
            """
            GROUP BY recovery.partner_id, recovery.company_id, company.currency_id,
                     DATE_TRUNC('month', recovery.date)
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "rate:sum":
            return SQL(
                "CASE WHEN SUM(%(claimed)s) > 0 THEN SUM(%(settled)s) / SUM(%(claimed)s) * 100 "
                "ELSE 0 END",
                claimed=self._field_to_sql(self._table, "amount_claimed", query),
                settled=self._field_to_sql(self._table, "amount_settled", query),
            )
        return super()._read_group_select(aggregate_spec, query)
