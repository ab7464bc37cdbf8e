from collections import defaultdict

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Moves that consume a part (to a customer: sales, replacements, visits; to production: repairs)
# and the returns that undo them.
CONSUMING_USAGES = ("customer", "production")


class AftersalesPartDemand(models.Model):
    """Monthly net consumption of each spare part per warehouse, from done stock moves.

    A SQL view: consumption out of a warehouse's internal locations minus returns into them.
    A row's id is the smallest id of its moves (each move is in one row): no window function,
    so filters on part, warehouse and month reach the moves' indexes.
    """

    _name = "aftersales.part.demand"
    _description = "Spare Part Demand"
    _auto = False
    _order = "month desc, product_tmpl_id, warehouse_id"
    _depends = {
        "stock.move": [
            "date",
            "state",
            "product_id",
            "product_qty",
            "company_id",
            "location_id",
            "location_dest_id",
        ],
        "stock.location": ["usage", "warehouse_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["aftersales_is_spare_part"],
    }

    month = fields.Date(readonly=True)
    product_id = fields.Many2one("product.product", string="Part Variant", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Part", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quantity = fields.Float(string="Net Demand", readonly=True, digits="Product Unit")

    @api.model
    def _demand_moves(self):
        """FROM and WHERE of the done moves that consume a spare part or return one, with the
        aliases ``move``, ``source``, ``destination``, ``product``; ``warehouse_id`` is the
        warehouse whose stock they leave or enter."""
        return SQL(
            """
              FROM stock_move move
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location destination ON destination.id = move.location_dest_id
              JOIN product_product product ON product.id = move.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE move.state = 'done'
               AND template.aftersales_is_spare_part
               AND ((source.usage = 'internal' AND destination.usage IN %(consuming)s)
                 OR (source.usage IN %(consuming)s AND destination.usage = 'internal'))
            """,
            consuming=CONSUMING_USAGES,
        )

    _NET_QUANTITY = SQL(
        "SUM(CASE WHEN source.usage = 'internal' THEN move.product_qty ELSE -move.product_qty END)"
    )
    _WAREHOUSE = SQL("COALESCE(source.warehouse_id, destination.warehouse_id)")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(move.id) AS id,
                   date_trunc('month', move.date)::date AS month,
                   move.product_id,
                   product.product_tmpl_id,
                   move.company_id,
                   %(warehouse)s AS warehouse_id,
                   %(quantity)s AS quantity
              %(moves)s
             GROUP BY 2, 3, 4, 5, 6
            """,
            warehouse=self._WAREHOUSE,
            quantity=self._NET_QUANTITY,
            moves=self._demand_moves(),
        )

    @api.model
    def _totals(self, date_from, months, warehouses, parts):
        """{(current part, warehouse): net demand} over ``months`` months from ``date_from``'s
        month, for ``parts`` (and the parts they replace) in ``warehouses``: the same moves as
        the view, summed straight to parts and warehouses without its month rows."""
        totals = defaultdict(float)
        for part, warehouse, _month, quantity in self._net_moves(
            date_from.replace(day=1), months, warehouses, parts
        ):
            totals[(part, warehouse)] += quantity
        return dict(totals)

    @api.model
    def _net_moves(self, start, months, warehouses, parts, by_month=False):
        """[(current part, warehouse, month index or None, net quantity)] of the view's moves of
        ``parts`` (and the parts they replace) in ``warehouses`` over ``months`` months from
        ``start``, read from the moves in one query grouped by part, locations (and month).

        The locations are resolved first, so that the query filters the moves on their own
        columns: PostgreSQL estimates those well (it cannot estimate conditions on the joined
        locations' usage, and then plans a million-row aggregation badly).
        """
        self._flush_sources()
        variants = (
            parts._with_predecessors()
            .with_context(active_test=False)
            .product_variant_ids.filtered("product_tmpl_id.aftersales_is_spare_part")
        )
        Location = self.env["stock.location"].with_context(active_test=False)
        internal = Location.search(
            [("usage", "=", "internal"), ("warehouse_id", "in", warehouses.ids)]
        )
        consuming = Location.search([("usage", "in", CONSUMING_USAGES)])
        if not variants or not internal or not consuming:
            return []
        month = (
            SQL(
                "(EXTRACT(YEAR FROM move.date)::int - %s) * 12"
                " + EXTRACT(MONTH FROM move.date)::int - %s",
                start.year,
                start.month,
            )
            if by_month
            else SQL("NULL::int")
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.product_id, move.location_id, move.location_dest_id,
                       %(month)s, SUM(move.product_qty)
                  FROM stock_move move
                 WHERE move.state = 'done'
                   AND move.date >= %(start)s AND move.date < %(end)s
                   AND move.product_id IN %(variants)s
                   AND ((move.location_id IN %(internal)s
                         AND move.location_dest_id IN %(consuming)s)
                     OR (move.location_id IN %(consuming)s
                         AND move.location_dest_id IN %(internal)s))
                 GROUP BY 1, 2, 3, 4
                """,
                month=month,
                start=start,
                end=start + relativedelta(months=months),
                variants=tuple(variants.ids),
                internal=tuple(internal.ids),
                consuming=tuple(consuming.ids),
            )
        )
        warehouse_of = {location.id: location.warehouse_id for location in internal}
        current = variants.product_tmpl_id._current_parts()
        part_of = {variant.id: current[variant.product_tmpl_id] for variant in variants}
        return [
            # out of stock: consumed; back into stock: returned
            (part_of[product_id], warehouse_of[source_id], index, quantity)
            if source_id in warehouse_of
            else (part_of[product_id], warehouse_of[destination_id], index, -quantity)
            for product_id, source_id, destination_id, index, quantity in rows
        ]

    @api.model
    def _flush_sources(self):
        """Send pending changes of what the view reads to the database, for the queries that
        read the moves directly (the ORM flushes ``_depends`` for the view's own)."""
        for model_name, field_names in self._depends.items():
            self.env[model_name].flush_model(field_names)

    @api.model
    def _monthly_history(self, date_from, months, warehouses=None, parts=None):
        """Net demand per current part number and warehouse, month by month.

        :param parts: current part numbers to read (with the parts they replace); all by default
        :return: {(part template, warehouse): array of `months` floats}, from `date_from`'s
            month on; demand of superseded parts is added to the part that replaces them today;
            months a planner excluded as outliers are NaN.
        """
        start = date_from.replace(day=1)
        if parts is not None and warehouses:
            history = self._monthly_history_from_moves(start, months, warehouses, parts)
        else:
            history = self._monthly_history_from_view(start, months, warehouses, parts)
        self.env["aftersales.part.demand.exclusion"]._blank_excluded_months(history, start, months)
        return dict(history)

    @api.model
    def _monthly_history_from_view(self, start, months, warehouses, parts):
        domain = [("month", ">=", start), ("month", "<", start + relativedelta(months=months))]
        if warehouses:
            domain.append(("warehouse_id", "in", warehouses.ids))
        if parts is not None:
            # on the variants: a condition on the moves' own column lets PostgreSQL start from
            # the parts' moves (product index) rather than from every move of the locations
            variants = (
                parts._with_predecessors().with_context(active_test=False).product_variant_ids
            )
            domain.append(("product_id", "in", variants.ids))
        rows = self._read_group(
            domain, ["product_tmpl_id", "warehouse_id", "month:month"], ["quantity:sum"]
        )
        parts = self.env["product.template"].browse({row[0].id for row in rows})
        current_part = parts._current_parts()
        history = defaultdict(lambda: np.zeros(months))
        for part, warehouse, month, quantity in rows:
            index = (month.year - start.year) * 12 + month.month - start.month
            history[(current_part[part], warehouse)][index] += quantity
        return history

    @api.model
    def _monthly_history_from_moves(self, start, months, warehouses, parts):
        """The view's rows for these parts and warehouses, read from the moves (see
        :meth:`_net_moves`): a forecast block's history in less than half the time of the
        view's grouped read, whose joins on the locations' usage PostgreSQL cannot estimate."""
        history = defaultdict(lambda: np.zeros(months))
        for part, warehouse, index, quantity in self._net_moves(
            start, months, warehouses, parts, by_month=True
        ):
            history[(part, warehouse)][index] += quantity
        return history


class AftersalesPartDemandExclusion(models.Model):
    """A month of a part's demand that forecasts must ignore (a one-off, a data error)."""

    _name = "aftersales.part.demand.exclusion"
    _description = "Excluded Demand Month"
    _order = "month desc"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Part",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("aftersales_is_spare_part", "=", True)],
    )
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, index=True)
    month = fields.Date(required=True, help="Any day of the month to exclude.")
    reason = fields.Char()

    _unique_month = models.Constraint(
        "UNIQUE (product_tmpl_id, warehouse_id, month)", "This month is already excluded."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    @api.model
    def _blank_excluded_months(self, history, start, months):
        exclusions = self.search(
            [("month", ">=", start), ("month", "<", start + relativedelta(months=months))]
        )
        for exclusion in exclusions:
            series = history.get((exclusion.product_tmpl_id, exclusion.warehouse_id))
            if series is not None:
                month = exclusion.month
                series[(month.year - start.year) * 12 + month.month - start.month] = np.nan
