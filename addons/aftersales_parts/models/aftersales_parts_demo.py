from collections import defaultdict

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class AftersalesPartsDemo(models.AbstractModel):
    """The parts side of the demo story: a demand history and forecast runs.

    Called from ``demo/aftersales_parts_demo.xml`` only; the production models hold no demo
    code. Each step is one method, so a later feature's demo adds its own.
    """

    _name = "aftersales.parts.demo"
    _description = "Spare Parts Demo Story"

    @api.model
    def _load_demo_history(self, specs, seed=7):
        """Demo data: done moves making a demand history, dated relative to today.

        :param specs: [(product id, warehouse id, destination location id, mean size,
            probability of a month with demand, oldest month, newest month)], months counted
            back from last month (1); one move per month with demand, sizes 1 + Poisson.
        """
        rng = np.random.default_rng(seed)
        this_month = fields.Date.context_today(self).replace(day=1)
        Product = self.env["product.product"]
        move_vals, dates, stock = [], [], defaultdict(float)
        for product_id, warehouse_id, destination_id, mean, probability, oldest, newest in specs:
            product = Product.browse(product_id)
            location = self.env["stock.warehouse"].browse(warehouse_id).lot_stock_id
            for age in range(oldest, newest - 1, -1):
                if rng.random() >= probability:
                    continue
                quantity = 1 + int(rng.poisson(max(mean - 1, 0)))
                stock[(product, location)] += quantity
                move_vals.append(
                    {
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "product_uom": product.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": destination_id,
                    }
                )
                day = (
                    this_month
                    - relativedelta(months=age)
                    + relativedelta(days=int(rng.integers(0, 27)))
                )
                dates.append(fields.Datetime.to_datetime(day).replace(hour=10))
        for (product, location), quantity in stock.items():
            self.env["stock.quant"]._update_available_quantity(product, location, quantity)
        moves = self.env["stock.move"].create(move_vals)
        moves._action_confirm()
        moves._action_assign()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        for move, when in zip(moves, dates, strict=True):
            move.date = when
        return moves

    @api.model
    def _load_demo_runs(self):
        """An older run, as the planner ran it six months ago (its forecasts can now be
        compared with what happened: forecast accuracy), then today's run."""
        Run = self.env["aftersales.forecast.run"]
        six_months_ago = fields.Date.context_today(self) - relativedelta(months=6)
        older = Run.create({"history_months": 18, "horizon": 12})
        older.with_context(aftersales_history_until=six_months_ago).action_run_now()
        run = Run.create({"history_months": 24, "horizon": 12})
        run.action_run_now()
        return older | run
