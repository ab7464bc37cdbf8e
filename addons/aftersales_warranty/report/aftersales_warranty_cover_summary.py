from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesWarrantyCoverSummary(models.Model):
    """Entitlements counted per company, product and cover period, for the reserve.

    The reserve needs, per product, the entitlements covering today and the cover years run
    and still open, all from the dates of each entitlement: at a million entitlements that
    reads the whole table. Entitlements of a product share a few hundred start and end dates,
    so this table holds one row per company, product, start and end with their number, and
    the reserve applies today's date to these rows. It is rewritten with the failure rates
    per month (``aftersales.failure.rate.summary``): nightly and on demand.
    """

    _name = "aftersales.warranty.cover.summary"
    _description = "Warranty Cover per Period"
    _order = "product_id, date_start"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True)
    date_start = fields.Date(readonly=True)
    date_end = fields.Date(readonly=True)
    entitlements = fields.Integer(readonly=True)
    refresh_date = fields.Datetime(string="As Of", readonly=True)

    @api.model
    def _refresh_summary(self):
        """Rewrite every row from the entitlements (not void, with a start and an end)."""
        self.env.flush_all()
        cr = self.env.cr
        table = SQL.identifier(self._table)
        cr.execute(SQL("LOCK TABLE %s IN EXCLUSIVE MODE", table))
        cr.execute(SQL("DELETE FROM %s", table))
        cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (company_id, product_id, date_start, date_end,
                                       entitlements, refresh_date, create_uid, write_uid,
                                       create_date, write_date)
                SELECT w.company_id, w.product_id, w.date_start, w.date_end, COUNT(*),
                       %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM aftersales_warranty w
                 WHERE NOT COALESCE(w.voided, FALSE)
                   AND w.date_start IS NOT NULL
                   AND w.date_end IS NOT NULL
                 GROUP BY w.company_id, w.product_id, w.date_start, w.date_end
                """,
                table=table,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
        return cr.rowcount
