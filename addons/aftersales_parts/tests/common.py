from datetime import datetime, time

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.aftersales_parts.forecasting.planning import plan
from odoo.addons.aftersales_parts.models.aftersales_forecast_run_line import FORECAST_DRAWS


class PartsFixtureMixin:
    """Spare parts with a demand history made of done stock moves, in two warehouses."""

    HISTORY = 24

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the spare parts of any demo data stay out of these tests' runs and classes
        cls.env["product.template"].search([("aftersales_is_spare_part", "=", True)]).write(
            {"aftersales_is_spare_part": False}
        )
        cls.company = cls.env.company
        cls.wh1 = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.wh2 = cls.env["stock.warehouse"].create({"name": "Penang depot", "code": "PGD"})
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.planner = new_test_user(
            cls.env,
            "as_parts_planner_fc",
            groups="aftersales_parts.group_parts_planner",
            company_id=cls.company.id,
        )
        cls.warehouse_user = new_test_user(
            cls.env, "as_parts_stock_user_fc", groups="stock.group_stock_user"
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Compressor Works"})
        cls.this_month = fields.Date.context_today(cls.env["res.partner"]).replace(day=1)

    @classmethod
    def part(cls, name, criticality="essential", lifecycle="active", delay=None, **vals):
        template_vals = {
            "name": name,
            "is_storable": True,
            "aftersales_is_spare_part": True,
            "aftersales_criticality": criticality,
            "aftersales_lifecycle": lifecycle,
            "standard_price": 10.0,
        }
        if delay is not None:
            template_vals["seller_ids"] = [
                (0, 0, {"partner_id": cls.vendor.id, "delay": delay, "price": 8.0})
            ]
        template_vals.update(vals)
        return cls.env["product.template"].create(template_vals)

    @classmethod
    def demand(cls, series_by_key, destination=None):
        """Done moves out of each warehouse's stock, one per month with demand; ``series`` ends
        with the month before this one."""
        destination = destination or cls.customers
        move_vals, dates = [], []
        for (template, warehouse), series in series_by_key.items():
            product = template.product_variant_id
            stock = warehouse.lot_stock_id
            cls.env["stock.quant"]._update_available_quantity(product, stock, sum(series) + 1000)
            for age, quantity in enumerate(reversed(series), start=1):
                if quantity:
                    move_vals.append(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    month = cls.this_month - relativedelta(months=age)
                    dates.append(datetime.combine(month.replace(day=10), time(10)))
        moves = cls.env["stock.move"].create(move_vals)
        moves._action_confirm()
        moves._action_assign()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        for move, when in zip(moves, dates, strict=True):
            move.date = when
        cls.env.flush_all()
        return moves

    def new_run(self, **vals):
        return (
            self.env["aftersales.forecast.run"]
            .with_user(self.planner)
            .create(
                dict(
                    {
                        "history_months": self.HISTORY,
                        "horizon": 6,
                        "warehouse_ids": [(6, 0, (self.wh1 | self.wh2).ids)],
                    },
                    **vals,
                )
            )
        )

    @staticmethod
    def engine(series_list, lead_times, target, horizon=6, method="auto"):
        return plan(
            np.array(series_list, dtype=float),
            horizon=horizon,
            method=method,
            lead_time=np.array(lead_times),
            target=target,
            n_samples=FORECAST_DRAWS,
        )

    @staticmethod
    def lines_by_key(run):
        return {(line.product_tmpl_id, line.warehouse_id): line for line in run.line_ids}


class PartsForecastCase(PartsFixtureMixin, TransactionCase):
    pass
