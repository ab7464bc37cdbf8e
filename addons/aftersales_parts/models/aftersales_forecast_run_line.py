import json
import math
from collections import defaultdict

import numpy as np
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from ..forecasting.planning import SYSTEM_VALUE_FLOOR, plan, remaining_demand
from ..report.selections import CRITICALITY, LIFECYCLE
from .forecast_methods import FORECAST_METHODS

#: Monte Carlo draws per series of the lead-time demand. On carparts (scripts/bench-forecasting
#: --samples-sweep) 1,000 draws reach the same fill and months of supply as 2,000, within what
#: another seed changes at 2,000, in half the engine's time; 500 fall short at a 99 % target.
FORECAST_DRAWS = 1000

#: Units of the installed base that still need parts.
LIVE_UNIT_STATES = ("in_service", "under_repair")

DEMAND_CLASSES = [
    ("smooth", "Smooth"),
    ("erratic", "Erratic"),
    ("intermittent", "Intermittent"),
    ("lumpy", "Lumpy"),
    ("none", "No Demand"),
]


class AftersalesForecastRunLine(models.Model):
    """The forecast and suggested reordering levels of one part in one warehouse."""

    _name = "aftersales.forecast.run.line"
    _inherit = ["aftersales.workflow.mixin"]
    _description = "Spare Parts Forecast Suggestion"
    _order = "run_id desc, product_tmpl_id, warehouse_id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "aftersales.forecast.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    chunk_id = fields.Many2one(
        "aftersales.forecast.run.chunk", index="btree_not_null", ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    run_date = fields.Datetime(
        related="run_id.date_started", string="Run Date", store=True, index=True
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Part", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one(
        "product.product", string="Part Variant", required=True, index=True, readonly=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, readonly=True, check_company=True
    )
    criticality = fields.Selection(
        CRITICALITY,
        index=True,
        readonly=True,
    )
    lifecycle = fields.Selection(
        LIFECYCLE,
        index=True,
        readonly=True,
    )
    demand_class = fields.Selection(DEMAND_CLASSES, string="Class", index=True, readonly=True)
    method = fields.Selection(FORECAST_METHODS, readonly=True)
    target = fields.Float(string="Fill Rate Target", digits=(3, 3), readonly=True)
    # history and forecast
    history = fields.Text(readonly=True, help="Monthly net demand, oldest first (JSON).")
    history_total = fields.Float(digits=(16, 4), readonly=True)
    history_nonzero_months = fields.Integer(string="Months with Demand", readonly=True)
    forecast = fields.Text(readonly=True, help="Monthly forecast from next month on (JSON).")
    forecast_total = fields.Float(digits=(16, 4), readonly=True)
    monthly_mean = fields.Float(string="Forecast per Month", digits=(16, 4), readonly=True)
    # accuracy of the chosen method on the end of the history
    rmsse = fields.Float(string="RMSSE", digits=(12, 3), readonly=True)
    mase = fields.Float(string="MASE", digits=(12, 3), readonly=True)
    bias_pct = fields.Float(
        string="Bias (%)",
        digits=(12, 1),
        readonly=True,
        help="Forecast minus actual over the back-test months, in percent of the actual.",
    )
    # installed base
    installed_base_monthly = fields.Float(
        string="Installed-Base Demand per Month",
        digits=(16, 4),
        readonly=True,
        help="Failures per unit-year x quantity per unit x live units it fits, per month.",
    )
    blend_weight = fields.Float(
        digits=(16, 4),
        readonly=True,
        help="Weight of the installed-base demand in the forecast: 1 without any month of "
        "demand, 0 from 6 months with demand on.",
    )
    # levels
    lead_time = fields.Integer(string="Lead Time (months)", readonly=True)
    engine_min = fields.Float(string="Computed Min", digits=(16, 4), readonly=True)
    engine_max = fields.Float(string="Computed Max", digits=(16, 4), readonly=True)
    min_qty = fields.Float(string="Suggested Min", digits="Product Unit", readonly=True)
    max_qty = fields.Float(string="Suggested Max", digits="Product Unit", readonly=True)
    lead_time_demand = fields.Float(
        string="Demand over Lead Time",
        digits=(16, 4),
        readonly=True,
        help="Expected demand over the lead time and one review month: what on hand and "
        "incoming stock must cover until an order placed now arrives.",
    )
    safety_stock = fields.Float(
        digits=(16, 4),
        readonly=True,
        help="Max minus the expected demand over the lead time and one review month.",
    )
    expected_service = fields.Float(digits=(3, 3), readonly=True)
    last_time_buy_qty = fields.Float(
        string="Last-Time Buy Quantity",
        digits="Product Unit",
        readonly=True,
        help="One-off purchase covering the expected demand until the end of support, "
        "minus what is on hand.",
    )
    on_hand = fields.Float(digits="Product Unit", readonly=True)
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint", string="Reordering Rule", readonly=True, index=True
    )
    current_min = fields.Float(digits="Product Unit", readonly=True)
    current_max = fields.Float(digits="Product Unit", readonly=True)
    change_pct = fields.Float(
        string="Change (%)",
        digits=(12, 1),
        readonly=True,
        index=True,
        help="Suggested max against the current one.",
    )
    # reading aids
    reason = fields.Char(
        compute="_compute_reason",
        help="Why the suggestion holds no stock, or what else it asks for.",
    )
    service_scope = fields.Selection(related="run_id.service_scope")
    service_shortfall = fields.Boolean(
        string="Below Target",
        compute="_compute_service_shortfall",
        help="The suggested levels are expected to serve less demand than the target.",
    )
    chart = fields.Html(
        string="History and Forecast",
        compute="_compute_chart",
        sanitize=False,
        help="Monthly demand (grey) and forecast (blue), each bar to the scale of the largest.",
    )
    # review
    state = fields.Selection(
        [("proposed", "Proposed"), ("applied", "Applied"), ("skipped", "Skipped")],
        default="proposed",
        required=True,
        readonly=True,
        index=True,
    )
    applied_by_id = fields.Many2one("res.users", readonly=True)
    applied_date = fields.Datetime(readonly=True)
    apply_note = fields.Char(readonly=True)

    _run_part_warehouse_unique = models.Constraint(
        "UNIQUE (run_id, product_tmpl_id, warehouse_id)",
        "A run has one suggestion per part and warehouse.",
    )

    @api.model
    def _workflow_fields(self):
        """A suggestion is the engine's plan and its outcome: planners apply it with the
        buttons; nobody edits it."""
        return self._stored_field_names()

    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.run_id.name}: {line.product_tmpl_id.display_name} "
                f"@ {line.warehouse_id.code}"
            )

    @api.depends(
        "lifecycle", "max_qty", "last_time_buy_qty", "history_total", "installed_base_monthly"
    )
    def _compute_reason(self):
        for line in self:
            part = line.product_tmpl_id
            if line.lifecycle == "last_time_buy":
                quantity = f"{line.last_time_buy_qty:g}"
                until = part.aftersales_last_time_buy_date
                if not line.last_time_buy_qty:
                    line.reason = line.env._(
                        "Last-time buy: what is on hand covers the demand until the end of "
                        "support; no reordering."
                    )
                    continue
                line.reason = (
                    line.env._(
                        "Last-time buy: order %(quantity)s once before %(date)s to cover the "
                        "demand until the end of support; no reordering.",
                        quantity=quantity,
                        date=format_date(line.env, until),
                    )
                    if until
                    else line.env._(
                        "Last-time buy: order %(quantity)s once to cover the demand until the "
                        "end of support; no reordering.",
                        quantity=quantity,
                    )
                )
            elif line.lifecycle == "phase_out":
                line.reason = line.env._("Phase-out: no new stock, what is on hand is used up.")
            elif line.lifecycle == "obsolete":
                successor = part.aftersales_successor_id
                line.reason = (
                    line.env._("Obsolete: replaced by %s.", successor.display_name)
                    if successor
                    else line.env._("Obsolete: no new stock.")
                )
            elif not line.max_qty and not line.history_total and not line.installed_base_monthly:
                line.reason = line.env._(
                    "No demand in the history and no installed base to expect any: no stock."
                )
            elif not line.max_qty:
                line.reason = line.env._("Too little demand expected to keep one in stock.")
            else:
                line.reason = False

    @api.depends("lifecycle", "expected_service", "target")
    def _compute_service_shortfall(self):
        for line in self:
            line.service_shortfall = (
                line.lifecycle == "active"
                and bool(line.target)
                and round(line.expected_service, 3) < round(line.target, 3)
            )

    @api.depends("history", "forecast")
    def _compute_chart(self):
        for line in self:
            history = [value or 0.0 for value in json.loads(line.history or "[]")]
            forecast = line.forecast_values()
            line.chart = _bar_chart(history, forecast) if history or forecast else False

    def forecast_values(self):
        self.ensure_one()
        return json.loads(self.forecast or "[]")

    # ------------------------------------------------------------------ computing suggestions

    @api.model
    def _suggestions(self, run, criticality, keys, matrix, history):
        """Values of the lines of ``keys`` [(part, warehouse)] whose history is ``matrix``
        (``len(keys) x months``): the records mapped to arrays, one ``plan()`` call (forecast,
        installed-base blend, levels, accuracy of the chosen method), then lifecycle and the
        current reordering rules mapped back."""
        if not matrix.shape[0]:
            return []
        parts = self.env["product.template"].browse(dict.fromkeys(p.id for p, _w in keys))
        warehouses = self.env["stock.warehouse"].browse(dict.fromkeys(w.id for _p, w in keys))
        lead = run._lead_times(parts)
        lead_time = np.array([lead[part] for part, _w in keys], dtype=np.int64)
        target = run._target_for(criticality)
        # installed base, blended in by the engine for parts with little history
        shares = defaultdict(float)
        for (part, warehouse), series in history.items():
            shares[(part, warehouse)] += max(float(np.nansum(series)), 0.0)
        installed = self._installed_base_demand(parts, run._scope_warehouses(), shares)
        base = np.array([installed.get(key, 0.0) for key in keys])
        result = plan(
            matrix,
            horizon=run.horizon,
            method=run.method,
            lead_time=lead_time,
            target=target,
            base_rate=base,
            accuracy=True,
            n_samples=FORECAST_DRAWS,
            **self._service_scope_args(run, keys),
        )
        forecast = np.asarray(result["forecast"], dtype=np.float64)
        low, high = result["min"], result["max"]
        expected_service, protection = result["expected_service"], result["protection"]
        weight = result["blend_weight"]
        rmsse, mase, bias = result["rmsse"], result["mase"], result["bias_pct"]
        nonzero = (np.nan_to_num(matrix) > 0).sum(axis=1)
        # whole arrays at once: per value, np.isnan() and round() were a tenth of a block's time
        totals = np.nansum(matrix, axis=1)
        history_rows = [
            [None if value != value else round(value, 4) for value in row]  # NaN: excluded
            for row in matrix.tolist()
        ]
        on_hand = self._on_hand(parts, warehouses)
        orderpoints = self._current_orderpoints(parts, warehouses)
        vals_list = []
        for i, (part, warehouse) in enumerate(keys):
            orderpoint = orderpoints.get((part, warehouse), self.env["stock.warehouse.orderpoint"])
            lifecycle = part.aftersales_lifecycle or "active"
            stocked = lifecycle == "active"
            min_qty, max_qty = (float(low[i]), float(high[i])) if stocked else (0.0, 0.0)
            current_max = orderpoint.product_max_qty
            # without a current max there is nothing to compare to: no change shown
            change = 100.0 * (max_qty - current_max) / current_max if current_max else 0.0
            ltb = 0.0
            if lifecycle == "last_time_buy":
                remaining = self._remaining_demand(forecast[i], run.date_reference, part)
                ltb = max(math.ceil(remaining - 1e-9) - on_hand.get((part, warehouse), 0.0), 0.0)
            vals_list.append(
                {
                    "run_id": run.id,
                    "company_id": run.company_id.id,
                    "product_tmpl_id": part.id,
                    "product_id": part.product_variant_id.id,
                    "warehouse_id": warehouse.id,
                    "criticality": part.aftersales_effective_criticality,
                    "lifecycle": lifecycle,
                    "demand_class": str(result["class"][i]),
                    "method": str(result["method"][i]),
                    "target": target,
                    "history": json.dumps(history_rows[i]),
                    "history_total": float(totals[i]),
                    "history_nonzero_months": int(nonzero[i]),
                    "forecast": json.dumps([round(float(v), 6) for v in forecast[i]]),
                    "forecast_total": float(forecast[i].sum()),
                    "monthly_mean": float(forecast[i].mean()),
                    "rmsse": _finite(rmsse[i]),
                    "mase": _finite(mase[i]),
                    "bias_pct": _finite(bias[i]),
                    "installed_base_monthly": float(base[i]),
                    "blend_weight": float(weight[i]),
                    "lead_time": int(lead_time[i]),
                    "engine_min": float(low[i]),
                    "engine_max": float(high[i]),
                    "min_qty": min_qty,
                    "max_qty": max_qty,
                    "lead_time_demand": float(protection[i]),
                    "safety_stock": max(float(high[i]) - float(protection[i]), 0.0),
                    "expected_service": float(expected_service[i]),
                    "last_time_buy_qty": ltb,
                    "on_hand": on_hand.get((part, warehouse), 0.0),
                    "orderpoint_id": orderpoint.id,
                    "current_min": orderpoint.product_min_qty,
                    "current_max": current_max,
                    "change_pct": change,
                }
            )
        return vals_list

    @api.model
    def _service_scope_args(self, run, keys):
        """plan()'s scope arguments for the run's service scope: for the whole warehouse, the
        system scope weighted by each part's cost in the run's company."""
        if run.service_scope != "value":
            return {}
        products = self.env["product.product"].browse(
            dict.fromkeys(part.product_variant_id.id for part, _w in keys)
        )
        cost = {
            product.product_tmpl_id: product.standard_price
            for product in products.with_company(run.company_id)
        }
        return {
            "scope": "system",
            "unit_cost": np.array([max(cost[part], 0.0) for part, _w in keys]),
            "item_floor": SYSTEM_VALUE_FLOOR,
        }

    @api.model
    def _remaining_demand(self, forecast, date_reference, part):
        """Expected demand from the run's month to the part's end of support (the forecast
        held at its last month beyond its horizon); the forecast horizon without a date."""
        end = part.aftersales_support_end_date
        if end:
            delta = relativedelta(end, date_reference)
            months = max(delta.years * 12 + delta.months + (1 if delta.days > 0 else 0), 0)
        else:
            months = len(forecast)
        return remaining_demand(forecast, months)

    @api.model
    def _installed_base_demand(self, parts, warehouses, shares=None):
        """{(part, warehouse): expected replacements per month}: failures per unit-year x
        quantity per unit x live units of the products the part fits, / 12.

        A unit counts for the warehouse that delivered it; a unit registered without a delivery
        (or delivered from outside ``warehouses``) is split over the warehouses in proportion to
        the part's demand ``shares`` {(part, warehouse): quantity}, or counts for the first
        warehouse when the part has no demand.
        """
        fitments = self.env["aftersales.part.fitment"].search(
            [("part_id", "in", parts.ids), ("failure_rate", ">", 0)]
        )
        if not fitments or not warehouses:
            return {}
        self.env["aftersales.equipment"].flush_model(["product_id", "state", "active"])
        self.env["stock.move"].flush_model(["location_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT product.product_tmpl_id, source.warehouse_id, COUNT(*)
                  FROM aftersales_equipment unit
                  JOIN product_product product ON product.id = unit.product_id
                  LEFT JOIN stock_move move ON move.id = unit.delivery_move_id
                  LEFT JOIN stock_location source ON source.id = move.location_id
                 WHERE unit.active
                   AND unit.state IN %(states)s
                   AND unit.company_id IN %(companies)s
                   AND product.product_tmpl_id IN %(products)s
                 GROUP BY 1, 2
                """,
                states=LIVE_UNIT_STATES,
                companies=tuple(warehouses.company_id.ids),
                products=tuple(fitments.product_id.ids),
            )
        )
        units = defaultdict(float)  # (product template id, warehouse id or None): units
        for product_id, warehouse_id, count in rows:
            if warehouse_id not in warehouses.ids:
                warehouse_id = None
            units[(product_id, warehouse_id)] += count
        shares = shares or {}
        demand = defaultdict(float)
        for fitment in fitments:
            part = fitment.part_id
            per_unit = fitment.failure_rate * fitment.quantity / 12.0
            split = {wh: shares.get((part, wh), 0.0) for wh in warehouses}
            total = sum(split.values())
            for (product_id, warehouse_id), count in units.items():
                if product_id != fitment.product_id.id:
                    continue
                if warehouse_id:
                    demand[(part, warehouses.browse(warehouse_id))] += per_unit * count
                elif total > 0:
                    for warehouse, share in split.items():
                        if share:
                            demand[(part, warehouse)] += per_unit * count * share / total
                else:
                    demand[(part, warehouses[0])] += per_unit * count
        return dict(demand)

    @api.model
    def _on_hand(self, parts, warehouses):
        """{(part, warehouse): quantity on hand under the warehouse's stock location}.

        Only what the warehouse's reordering rule sees: goods waiting for inspection in the
        returns location or held back in a quarantine sit beside the stock location and cannot
        serve a demand.
        """
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id.product_tmpl_id", "in", parts.ids),
                ("location_id", "child_of", warehouses.lot_stock_id.ids),
            ],
            ["product_id", "location_id"],
            ["quantity:sum"],
        )
        on_hand = defaultdict(float)
        for product, location, quantity in groups:
            on_hand[(product.product_tmpl_id, location.warehouse_id)] += quantity
        return on_hand

    @api.model
    def _current_orderpoints(self, parts, warehouses):
        """{(part, warehouse): its reordering rule}, the one on the warehouse's stock location
        first."""
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [
                ("product_id", "in", parts.product_variant_id.ids),
                ("warehouse_id", "in", warehouses.ids),
                # a technician's van has its own levels (aftersales_forecast_run_van.py)
                ("location_id.aftersales_technician_id", "=", False),
            ],
            order="id",
        )
        found = {}
        for orderpoint in orderpoints:
            key = (orderpoint.product_id.product_tmpl_id, orderpoint.warehouse_id)
            at_stock = orderpoint.location_id == orderpoint.warehouse_id.lot_stock_id
            if key not in found or at_stock and not found[key][1]:
                found[key] = (orderpoint, at_stock)
        return {key: orderpoint for key, (orderpoint, _at) in found.items()}


def _finite(value):
    value = float(value)
    return value if math.isfinite(value) else 0.0


def _bar_chart(history, forecast, width=360, height=48):
    """An inline SVG of monthly bars: the history in grey, then the forecast in blue."""
    values = history + forecast
    top = max(max(values), 1e-9)
    step = width / len(values)
    bars = []
    for i, value in enumerate(values):
        bar = height * value / top
        colour = "#adb5bd" if i < len(history) else "#0d6efd"
        bars.append(
            f'<rect x="{i * step:.1f}" y="{height - bar:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{bar:.1f}" fill="{colour}"/>'
        )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">{"".join(bars)}</svg>'
    )
