"""Benchmark of a spare-parts forecast run on a large catalogue, inside Odoo.

    python benchmarks/parts/bench.py -c ODOO_CONF -d DB setup [--parts N --warehouses W --months M]
    python benchmarks/parts/bench.py -c ODOO_CONF -d DB run [--json OUT] [--chunk-size K]

``setup`` (once per database) creates the warehouses, the spare parts (ORM, in batches) and
their demand history as done stock moves. The moves are written with bulk SQL INSERTs, not the
ORM: a million moves through ``stock.move.create()`` and ``_action_done()`` would take hours,
and only the done moves' product, locations, quantity and date matter to the demand history.

``run`` times one forecast run over every spare part and warehouse, computed in this process
the way the queue_job jobs compute it (block by block, one engine call and one ``create()`` per
block), and splits the time into history (the SQL reading the demand history), engine (the
NumPy forecasting package: ``plan()``, the installed-base re-levelling, the back-test) and
writes (``create()`` of the lines and the flush that sends them to the database), plus the rest
(planning the blocks, lead times, stock on hand, reordering rules: ORM reads). It also reports
the time spent in SQL over the whole run and the process's peak memory. The run is rolled back
so the database can be reused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from contextlib import contextmanager

import odoo
from odoo.modules.registry import Registry

SETUP_KEY = "aftersales_parts.bench_setup"


def _env(cr, uid=odoo.SUPERUSER_ID):
    return odoo.api.Environment(cr, uid, {"tracking_disable": True})


def _sql_clock():
    thread = threading.current_thread()
    return getattr(thread, "query_time", 0.0), getattr(thread, "query_count", 0)


def setup(env, parts: int, warehouses: int, months: int) -> dict:
    wanted = f"{parts}:{warehouses}:{months}"
    done = env["ir.config_parameter"].get_param(SETUP_KEY)
    if done == wanted:
        return {"reused": True}
    if done:
        sys.exit(f"this database holds another setup ({done}); drop it first")
    started = time.perf_counter()
    company = env.company
    whs = env["stock.warehouse"].search([("company_id", "=", company.id)], order="id")
    for i in range(len(whs), warehouses):
        whs |= env["stock.warehouse"].create({"name": f"Bench depot {i}", "code": f"BD{i}"})
    whs = whs[:warehouses]
    vendor = env["res.partner"].create({"name": "Bench parts vendor"})
    criticality = ("vital", "essential", "essential", "desirable", "desirable")
    t0 = time.perf_counter()
    templates = env["product.template"]
    for start in range(0, parts, 1000):
        templates |= env["product.template"].create(
            [
                {
                    "name": f"Bench part {i:05d}",
                    "default_code": f"BP{i:05d}",
                    "is_storable": True,
                    "aftersales_is_spare_part": True,
                    "aftersales_criticality": criticality[i % 5],
                    "standard_price": 5 + i % 200,
                }
                for i in range(start, min(parts, start + 1000))
            ]
        )
        env.cr.commit()
    env["product.supplierinfo"].create(
        [
            {"product_tmpl_id": t.id, "partner_id": vendor.id, "delay": 7 * (i % 9), "price": 3}
            for i, t in enumerate(templates)
            if i % 4
        ]
    )
    env.flush_all()
    t_parts = time.perf_counter() - t0
    customers = env.ref("stock.stock_location_customers")
    uom = env.ref("uom.product_uom_unit")
    t0 = time.perf_counter()
    # One move per part, warehouse and month with demand: 60 % of the parts have demand every
    # month (Poisson-like sizes 1-9), 40 % in three months out of four (sizes 1-20). setseed
    # makes the history the same on every machine.
    env.cr.execute("SELECT setseed(0.42)")
    env.cr.execute(
        """
        INSERT INTO stock_move (company_id, product_id, product_uom, location_id,
                                location_dest_id, procure_method, product_uom_qty, product_qty,
                                quantity, state, date, picked, create_uid, create_date,
                                write_uid, write_date)
        SELECT %(company)s, product.id, %(uom)s, warehouse.lot_stock_id, %(customers)s,
               'make_to_stock', qty, qty, qty, 'done',
               month + make_interval(days => (random() * 27)::int, hours => 9),
               TRUE, 1, now(), 1, now()
          FROM (SELECT product.id, product.id % 5 < 3 AS steady
                  FROM product_product product
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE template.default_code LIKE 'BP%%') product
         CROSS JOIN (SELECT id, lot_stock_id FROM stock_warehouse WHERE id IN %(whs)s) warehouse
         CROSS JOIN generate_series(
                date_trunc('month', now()) - make_interval(months => %(months)s),
                date_trunc('month', now()) - interval '1 month',
                interval '1 month') month
         CROSS JOIN LATERAL (SELECT CASE WHEN product.steady THEN 1 + floor(random() * 9)
                                         ELSE 1 + floor(random() * 20) END AS qty) size
         WHERE product.steady OR random() < 0.75
        """,
        {
            "company": company.id,
            "uom": uom.id,
            "customers": customers.id,
            "whs": tuple(whs.ids),
            "months": months,
        },
    )
    moves = env.cr.rowcount
    env.cr.execute("ANALYZE stock_move")
    t_moves = time.perf_counter() - t0
    env["ir.config_parameter"].set_param(SETUP_KEY, wanted)
    env.cr.commit()
    return {
        "reused": False,
        "parts": len(templates),
        "warehouses": len(whs),
        "months": months,
        "moves": moves,
        "seconds_parts_orm": round(t_parts, 1),
        "seconds_moves_sql": round(t_moves, 1),
        "seconds_total": round(time.perf_counter() - started, 1),
    }


class Timers:
    def __init__(self):
        self.seconds = {}
        self.sql = {}

    @contextmanager
    def __call__(self, name):
        sql0, _ = _sql_clock()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
            self.sql[name] = self.sql.get(name, 0.0) + _sql_clock()[0] - sql0

    def wrap(self, owner, attribute, name):
        original = getattr(owner, attribute)
        timers = self

        def timed(*args, **kwargs):
            with timers(name):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)
        return original


def run(env, chunk_size: int, history_months: int) -> dict:
    from odoo.addons.aftersales_parts.models import (
        aftersales_forecast_run_line as line_module,
    )

    timers = Timers()
    Line = type(env["aftersales.forecast.run.line"])
    Demand = type(env["aftersales.part.demand"])
    restore = [
        (line_module, "plan", timers.wrap(line_module, "plan", "engine")),
        (line_module, "order_up_to", timers.wrap(line_module, "order_up_to", "engine")),
        (Line, "_backtest", timers.wrap(Line, "_backtest", "engine")),
        (Demand, "_monthly_history", timers.wrap(Demand, "_monthly_history", "history")),
    ]
    original_create = Line.create

    def create_and_flush(self, vals_list):
        with timers("writes"):
            records = original_create(self, vals_list)
            self.env.flush_all()
            return records

    Line.create = create_and_flush
    try:
        thread = threading.current_thread()
        thread.query_time, thread.query_count = 0.0, 0
        admin = env.ref("base.user_admin")
        env = env(user=admin.id)
        t0 = time.perf_counter()
        forecast = env["aftersales.forecast.run"].create(
            {"chunk_size": chunk_size, "history_months": history_months, "horizon": 12}
        )
        with timers("prepare"):
            forecast._prepare_chunks()
        for chunk in forecast.chunk_ids:
            chunk._compute_lines()
        env.flush_all()
        total = time.perf_counter() - t0
        sql_total, queries = _sql_clock()
        lines = env["aftersales.forecast.run.line"].search_count([("run_id", "=", forecast.id)])
        state = forecast.state
        blocks = forecast.chunk_count
    finally:
        Line.create = original_create
        for owner, attribute, original in restore:
            setattr(owner, attribute, original)
        env.cr.rollback()
    engine = timers.seconds.get("engine", 0.0)
    history = timers.seconds.get("history", 0.0)
    writes = timers.seconds.get("writes", 0.0)
    other = total - engine - history - writes
    return {
        "state": state,
        "lines": lines,
        "blocks": blocks,
        "chunk_size": chunk_size,
        "seconds_total": round(total, 2),
        "seconds": {
            "history": round(history, 2),
            "engine": round(engine, 2),
            "writes": round(writes, 2),
            "other": round(other, 2),
            "of_which_prepare": round(timers.seconds.get("prepare", 0.0), 2),
        },
        "share_pct": {
            key: round(100.0 * value / total, 1)
            for key, value in (
                ("history", history),
                ("engine", engine),
                ("writes", writes),
                ("other", other),
            )
        },
        "sql": {
            "seconds": round(sql_total, 2),
            "share_pct": round(100.0 * sql_total / total, 1),
            "queries": queries,
            "seconds_in_history": round(timers.sql.get("history", 0.0), 2),
            "seconds_in_writes": round(timers.sql.get("writes", 0.0), 2),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "target_seconds": 60,
        "within_target": total < 60,
    }


def _table(result: dict) -> str:
    s = result["seconds"]
    p = result["share_pct"]
    rows = [
        ("history (SQL read of the demand)", s["history"], p["history"]),
        ("engine (plan, re-levelling, back-test)", s["engine"], p["engine"]),
        ("writes (create + flush of the lines)", s["writes"], p["writes"]),
        ("other (blocks, lead times, stock, rules)", s["other"], p["other"]),
    ]
    out = [f"{'phase':<44}{'seconds':>9}{'share':>8}"]
    out += [f"{name:<44}{sec:>9.2f}{pct:>7.1f}%" for name, sec, pct in rows]
    out.append(f"{'total':<44}{result['seconds_total']:>9.2f}{100:>7.1f}%")
    sql = result["sql"]
    out.append(
        f"SQL over the whole run: {sql['seconds']:.2f} s ({sql['share_pct']} %), "
        f"{sql['queries']} queries; peak memory {result['peak_rss_mb']} MB; "
        f"{result['lines']} lines in {result['blocks']} blocks"
    )
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("command", choices=("setup", "run"))
    parser.add_argument("--parts", type=int, default=10000)
    parser.add_argument("--warehouses", type=int, default=3)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = _env(cr)
        if args.command == "setup":
            result = setup(env, args.parts, args.warehouses, args.months)
            print(json.dumps(result, indent=2))
            return 0
        result = run(env, args.chunk_size, args.months)
    result["machine"] = {"cpus": os.cpu_count()}
    print(_table(result))
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
