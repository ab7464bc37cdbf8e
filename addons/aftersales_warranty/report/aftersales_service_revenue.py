from odoo import fields, models
from odoo.tools import SQL

STREAMS = [
    ("repair", "Paid Repairs"),
    ("visit", "Billable Visits"),
    ("contract", "Service Contracts"),
    ("extended", "Extended Warranties"),
    ("parts", "Parts Sales"),
]


class AftersalesServiceRevenue(models.Model):
    """Service revenue, cost and margin, one row per posted customer invoice or credit note
    line of a service stream.

    A line's stream is the first that applies:

    - billable visit: the line invoices a visit (``aftersales_visit_id``);
    - service contract: the line was invoiced by a contract (OCA ``contract_line_id``);
    - paid repair: the line's sale order is a repair's quote;
    - extended warranty: the product sells an extended warranty;
    - parts sale: any other goods that are not units of the installed base (the warranty
      addon has no spare-part flag; goods tracked as installed base are unit sales).

    Other lines (unit sales, other services) are not service revenue and are left out.
    Revenue is the line's balance in company currency (credit notes negative). Cost is the
    cost of goods sold the invoice booked for the line where stock valuation gives one
    (automated valuation), else the product's cost in the company x the quantity (in the
    line's unit: lines are taken in the product's unit).
    """

    _name = "aftersales.service.revenue"
    _description = "Service Revenue"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    stream = fields.Selection(STREAMS, readonly=True)
    quantity = fields.Float(readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(string="Margin (%)", readonly=True, aggregator="avg")

    _depends = {
        "account.move.line": [
            "balance",
            "company_id",
            "date",
            "display_type",
            "move_id",
            "parent_state",
            "product_id",
            "quantity",
            "aftersales_visit_id",
            "contract_line_id",
            "cogs_origin_id",
            "sale_line_ids",
        ],
        "account.move": ["move_type", "commercial_partner_id", "state"],
        "repair.order": ["sale_order_id"],
        "product.template": [
            "categ_id",
            "type",
            "aftersales_extended_policy_id",
            "aftersales_track_installed_base",
        ],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH repair_lines AS (
                SELECT DISTINCT rel.invoice_line_id AS line_id
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN repair_order ro ON ro.sale_order_id = sol.order_id
            ),
            cogs AS (
                SELECT cogs_origin_id AS line_id, SUM(balance) AS cost
                  FROM account_move_line
                 WHERE display_type = 'cogs' AND cogs_origin_id IS NOT NULL AND price_unit < 0
                 GROUP BY cogs_origin_id
            ),
            lines AS (
                SELECT aml.id, aml.date, aml.company_id, aml.move_id, aml.product_id,
                       move.commercial_partner_id AS partner_id,
                       template.categ_id,
                       CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
                       aml.quantity,
                       -aml.balance AS revenue,
                       cogs.cost AS cogs_cost,
                       COALESCE((product.standard_price ->> aml.company_id::text)::numeric, 0)
                           AS unit_cost,
                       CASE
                           WHEN aml.aftersales_visit_id IS NOT NULL THEN 'visit'
                           WHEN aml.contract_line_id IS NOT NULL THEN 'contract'
                           WHEN repair_lines.line_id IS NOT NULL THEN 'repair'
                           WHEN template.aftersales_extended_policy_id IS NOT NULL
                               THEN 'extended'
                           WHEN template.type = 'consu'
                                AND NOT COALESCE(template.aftersales_track_installed_base, FALSE)
                               THEN 'parts'
                       END AS stream
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN product_product product ON product.id = aml.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                  LEFT JOIN repair_lines ON repair_lines.line_id = aml.id
                  LEFT JOIN cogs ON cogs.line_id = aml.id
                 WHERE aml.display_type = 'product'
                   AND aml.parent_state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
            )
            SELECT lines.id, lines.date, lines.company_id, company.currency_id, lines.move_id,
                   lines.partner_id, lines.product_id, lines.categ_id, lines.stream,
                   lines.sign * lines.quantity AS quantity,
                   lines.revenue,
                   COALESCE(lines.cogs_cost, lines.sign * lines.quantity * lines.unit_cost)
                       AS cost,
                   lines.revenue - COALESCE(
                       lines.cogs_cost, lines.sign * lines.quantity * lines.unit_cost
                   ) AS margin,
                   100 * (lines.revenue - COALESCE(
                       lines.cogs_cost, lines.sign * lines.quantity * lines.unit_cost
                   )) / NULLIF(lines.revenue, 0) AS margin_percent
              FROM lines
              JOIN res_company company ON company.id = lines.company_id
             WHERE lines.stream IS NOT NULL
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """A group's margin rate comes from its sums, never from averaging rows."""
        if aggregate_spec.split(":")[0] != "margin_percent":
            return super()._read_group_select(aggregate_spec, query)
        margin = SQL("SUM(%s)", self._field_to_sql(self._table, "margin", query))
        revenue = SQL("SUM(%s)", self._field_to_sql(self._table, "revenue", query))
        return SQL("100 * %s / NULLIF(%s, 0)", margin, revenue)
