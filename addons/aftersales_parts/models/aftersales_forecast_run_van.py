import math
from collections import defaultdict
from statistics import NormalDist

import numpy as np

from odoo import models

from .aftersales_part_demand import CONSUMING_USAGES

#: Weeks in a month, to turn monthly demand into the weekly demand a van is restocked for.
WEEKS_PER_MONTH = 52 / 12


class AftersalesForecastRun(models.Model):
    """Reordering levels of the technicians' vans, set when a run finishes.

    A van is restocked from its warehouse within a day, at the latest at the weekly review, so it
    must hold a week of the demand it sees: its own consumption (done moves out of the van to
    customers or production) over the run's history, counted from the month the van was made.
    min = ceil(weekly mean + z x weekly deviation), with z from the run's fill rate target for
    the part's criticality; max = min + one week of mean demand (at least one more unit).
    The warehouse's own forecast already counts the vans' consumption (they lie under it).
    """

    _inherit = "aftersales.forecast.run"

    def _finish(self):
        result = super()._finish()
        for run in self:
            run._plan_technician_locations()
        return result

    def _technician_locations(self):
        self.ensure_one()
        return self.env["stock.location"].search(
            [
                ("aftersales_technician_id", "!=", False),
                ("usage", "=", "internal"),
                ("company_id", "=", self.company_id.id),
                ("warehouse_id", "in", self._scope_warehouses().ids),
            ]
        )

    def _technician_location_demand(self, vans, parts):
        """{(van, part variant): monthly consumption series} over the history window."""
        self.ensure_one()
        date_from, months = self._history_window()
        groups = self.env["stock.move"]._read_group(
            [
                ("state", "=", "done"),
                ("location_id", "in", vans.ids),
                ("location_dest_id.usage", "in", CONSUMING_USAGES),
                ("product_id.product_tmpl_id", "in", parts.ids),
                ("date", ">=", date_from),
                ("date", "<", self.date_reference),
            ],
            ["location_id", "product_id", "date:month"],
            ["product_qty:sum"],
        )
        series = defaultdict(lambda: np.zeros(months))
        for van, product, month, quantity in groups:
            index = (month.year - date_from.year) * 12 + month.month - date_from.month
            series[(van, product)][index] += quantity
        return series

    def _technician_location_levels(self, van, part, series):
        """(min, max) for ``part`` in ``van`` from its monthly series."""
        self.ensure_one()
        date_from, months = self._history_window()
        van_month = van.create_date.date().replace(day=1)
        if van_month > date_from:  # a van younger than the history: only its own months count
            age = (self.date_reference.year - van_month.year) * 12 + (
                self.date_reference.month - van_month.month
            )
            series = series[-max(age, 1) :]
        target = self._target_for(part.product_tmpl_id.aftersales_effective_criticality)
        weekly_mean = float(series.mean()) / WEEKS_PER_MONTH
        weekly_deviation = float(series.std()) / math.sqrt(WEEKS_PER_MONTH)
        z = NormalDist().inv_cdf(target)
        minimum = math.ceil(weekly_mean + z * weekly_deviation - 1e-9)
        maximum = minimum + max(1, math.ceil(weekly_mean - 1e-9))
        return minimum, maximum

    def _plan_technician_locations(self):
        """Create or update the vans' reordering rules from their consumption; rules whose
        levels someone set by hand keep them."""
        self.ensure_one()
        vans = self._technician_locations()
        if not vans:
            return 0
        demand = self._technician_location_demand(vans, self._scope_parts())
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_context(
            aftersales_apply_forecast=True
        )
        existing = {
            (orderpoint.location_id, orderpoint.product_id): orderpoint
            for orderpoint in Orderpoint.with_context(active_test=False).search(
                [("location_id", "in", vans.ids)]
            )
        }
        count = 0
        for (van, product), series in sorted(demand.items(), key=lambda item: item[0][0].id):
            orderpoint = existing.get((van, product), Orderpoint)
            if orderpoint.aftersales_manual_levels:
                continue
            minimum, maximum = self._technician_location_levels(van, product, series)
            levels = {"product_min_qty": minimum, "product_max_qty": maximum, "active": True}
            if orderpoint:
                orderpoint.write(levels)
            else:
                warehouse = van.warehouse_id
                Orderpoint.with_company(self.company_id).create(
                    dict(
                        levels,
                        product_id=product.id,
                        location_id=van.id,
                        warehouse_id=warehouse.id,
                        route_id=warehouse.aftersales_van_route_id.id,
                        company_id=self.company_id.id,
                    )
                )
            count += 1
        if count:
            self.message_post(
                body=self.env._(
                    "Technician vans: levels set on %(count)s reordering rules in %(vans)s vans.",
                    count=count,
                    vans=len({van for van, _product in demand}),
                )
            )
        return count
