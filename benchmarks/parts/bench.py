"""Benchmark of a spare-parts forecast run on a large catalogue, inside Odoo.

    python benchmarks/parts/bench.py -c ODOO_CONF -d DB setup [--parts N --warehouses W --months M]
    python benchmarks/parts/bench.py -c ODOO_CONF -d DB run [--json OUT] [--chunk-size K]
                                                            [--workers P] [--apply LINES]
                                                            [--apply-all]

``setup`` (once per database) creates the warehouses, the first 360 spare parts through the ORM
and the others as bulk SQL copies of them (:func:`_clone_parts`), then their demand history as
done stock moves with one SQL INSERT: a million moves through ``stock.move.create()`` and
``_action_done()`` would take hours, and only the done moves' product, locations, quantity and
date matter to the demand history.

``run`` times one forecast run over every spare part and warehouse: the blocks are planned in
this process, then computed by ``--workers`` processes (2 by default: queue_job's runner with
the root channel at capacity 2 on a 2-core machine) exactly as their jobs compute them (one
transaction per block), and the run is closed. It splits the work (summed over the processes)
into the demand read (``_monthly_history``), the engine (``plan()``), the line writes (the
block's INSERT) and the rest (planning the blocks, lead times, stock on hand, reordering rules,
building the lines' values, commits), with the queries of each, the queries per block and the
peak memory of each worker. Then it applies the suggestions of ``--apply`` lines to reordering
rules, timed, and rolls that back; with ``--apply-all``, it applies every line as the jobs of
Apply All do (one batch per transaction, rolled back) and prints lines/s, lines per CPU second and
the queries per batch. The run is deleted afterwards so the database can be reused.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import threading
import time
from contextlib import contextmanager

import odoo
from odoo.modules.registry import Registry

SETUP_KEY = "aftersales_parts.bench_setup"

#: Parts created through the ORM; the others are SQL copies of them (criticality i % 5, vendor
#: lead time i % 9 weeks, a vendor unless i % 4 == 0: the pattern repeats every 180 parts).
PATTERN = 360


def _env(cr, uid=odoo.SUPERUSER_ID):
    return odoo.api.Environment(cr, uid, {"tracking_disable": True})


def _sql_clock():
    thread = threading.current_thread()
    return getattr(thread, "query_time", 0.0), getattr(thread, "query_count", 0)


def _columns(cr, table, leave_out):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY 1",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in leave_out]


def _clone_parts(cr, first: int, parts: int) -> None:
    """Parts ``first`` to ``parts - 1`` as bulk SQL copies of part ``i % PATTERN`` (its
    template, variant and vendor rows, every column but the keys, name and code): creating
    30,000 parts through the ORM takes half an hour on a loaded 2-core machine."""
    keys = ("id", "name", "default_code", "product_tmpl_id", "create_date", "write_date")
    template_cols = _columns(cr, "product_template", keys)
    variant_cols = _columns(cr, "product_product", keys)
    seller_cols = _columns(cr, "product_supplierinfo", keys + ("product_id",))

    def listed(cols, alias=""):
        return ", ".join(f"{alias}{col}" for col in cols)

    source_code = f"'BP' || lpad((n %% {PATTERN})::text, 5, '0')"
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_clone ON COMMIT DROP AS
        SELECT n, 'BP' || lpad(n::text, 5, '0') AS code, source.id AS source_id
          FROM generate_series(%(first)s, %(last)s) n
          JOIN product_template source ON source.default_code = {source_code};
        ALTER TABLE bench_clone ADD COLUMN template_id integer;
        WITH created AS (
            INSERT INTO product_template (name, default_code, create_date, write_date,
                                          {listed(template_cols)})
            SELECT jsonb_build_object('en_US', 'Bench part ' || lpad(clone.n::text, 5, '0')),
                   clone.code, now(), now(), {listed(template_cols, "source.")}
              FROM bench_clone clone
              JOIN product_template source ON source.id = clone.source_id
            RETURNING id, default_code)
        UPDATE bench_clone clone SET template_id = created.id
          FROM created WHERE created.default_code = clone.code;
        INSERT INTO product_product (product_tmpl_id, default_code, create_date, write_date,
                                     {listed(variant_cols)})
        SELECT clone.template_id, clone.code, now(), now(), {listed(variant_cols, "source.")}
          FROM bench_clone clone
          JOIN product_product source ON source.product_tmpl_id = clone.source_id;
        INSERT INTO product_supplierinfo (product_tmpl_id, create_date, write_date,
                                          {listed(seller_cols)})
        SELECT clone.template_id, now(), now(), {listed(seller_cols, "source.")}
          FROM bench_clone clone
          JOIN product_supplierinfo source ON source.product_tmpl_id = clone.source_id;
        ANALYZE product_template;
        ANALYZE product_product;
        """,
        {"first": first, "last": parts - 1},
    )


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
    criticality = ("vital", "essential", "essential", "desirable", "desirable")
    t0 = time.perf_counter()
    # parts left by an interrupted setup are reused
    templates = env["product.template"].search([("default_code", "=like", "BP%")], order="id")
    if not templates:
        vendor = env["res.partner"].create({"name": "Bench parts vendor"})
        for start in range(0, min(parts, PATTERN), 1000):
            templates |= env["product.template"].create(
                [
                    {
                        "name": f"Bench part {i:05d}",
                        "default_code": f"BP{i:05d}",
                        "is_storable": True,
                        "aftersales_is_spare_part": True,
                        "aftersales_criticality": criticality[i % 5],
                        "standard_price": 5 + i % 200,
                        "seller_ids": [
                            (0, 0, {"partner_id": vendor.id, "delay": 7 * (i % 9), "price": 3})
                        ]
                        if i % 4
                        else [],
                    }
                    for i in range(start, min(parts, PATTERN, start + 1000))
                ]
            )
            env.cr.commit()
    env.flush_all()
    if len(templates) < parts:
        _clone_parts(env.cr, len(templates), parts)
        env.cr.commit()
        env.invalidate_all()
        templates = env["product.template"].search([("default_code", "=like", "BP%")])
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
          FROM (SELECT product.id, product.id %% 5 < 3 AS steady
                  FROM product_product product
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE template.default_code LIKE 'BP%%') product
         CROSS JOIN (SELECT id, lot_stock_id FROM stock_warehouse WHERE id IN %(whs)s) warehouse
         CROSS JOIN generate_series(
                date_trunc('month', now()) - make_interval(months => %(months)s),
                date_trunc('month', now()) - interval '1 month',
                interval '1 month') month
         CROSS JOIN LATERAL (SELECT CASE WHEN product.steady THEN 1 + floor(random() * 9)
                                         ELSE 1 + floor(random() * 20) END AS qty,
                                    random() AS draw, month AS at) size
         -- the draw is a column of the lateral row: a condition on the product alone would be
         -- evaluated once per product, not once per month
         WHERE product.steady OR size.draw < 0.75
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


PHASES = ("history", "engine", "writes", "apply")
PHASE_LABELS = {
    "history": "demand read (SQL of the demand history)",
    "engine": "engine (plan: forecast, levels, back-test)",
    "writes": "line writes (INSERT of the lines)",
    "other": "other (blocks, lead times, stock, rules)",
    "apply": "orderpoint apply (sample of lines)",
    "apply_all": "apply all (as Apply All's jobs)",
}


class Timers:
    """Seconds, SQL seconds and queries per phase, summed over the calls."""

    def __init__(self):
        self.seconds = {}
        self.sql = {}
        self.queries = {}

    @contextmanager
    def __call__(self, name):
        sql0, queries0 = _sql_clock()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            sql1, queries1 = _sql_clock()
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
            self.sql[name] = self.sql.get(name, 0.0) + sql1 - sql0
            self.queries[name] = self.queries.get(name, 0) + queries1 - queries0

    def wrap(self, owner, attribute, name):
        original = getattr(owner, attribute, None)
        if original is None:  # not there in this version of the code
            return None
        timers = self

        def timed(*args, **kwargs):
            with timers(name):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)
        return original


def _work(registry, chunk_ids, timers, conn):
    """A worker: compute these blocks as their jobs would, one transaction per block."""
    thread = threading.current_thread()
    thread.query_time, thread.query_count = 0.0, 0
    started = time.perf_counter()
    blocks = 0
    with registry.cursor() as cr:
        env = _env(cr)
        env = env(user=env.ref("base.user_admin").id)
        for chunk in env["aftersales.forecast.run.chunk"].browse(chunk_ids):
            chunk._compute_lines()
            cr.commit()
            # a job's environment ends with its transaction: nothing cached carries over
            env.invalidate_all()
            blocks += 1
    conn.send(
        {
            "elapsed": time.perf_counter() - started,
            "blocks": blocks,
            "seconds": timers.seconds,
            "sql": timers.sql,
            "queries_by_phase": timers.queries,
            "sql_total": thread.query_time,
            "queries": thread.query_count,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        }
    )
    conn.close()


def _apply_sample(registry, run_id, sample: int, timers) -> dict:
    """Apply the suggestions of ``sample`` lines to reordering rules, timed, then roll back:
    applying is a planner's action after the run, not part of it."""
    with registry.cursor() as cr:
        env = _env(cr)
        env = env(user=env.ref("base.user_admin").id)
        lines = env["aftersales.forecast.run.line"].search(
            [("run_id", "=", run_id)], order="id", limit=sample
        )
        with timers("apply"):
            lines.action_apply()
            env.flush_all()
        created = env["stock.warehouse.orderpoint"].search_count(
            [("id", "in", lines.orderpoint_id.ids)]
        )
        cr.rollback()
    return {"lines": len(lines), "rules": created}


def _apply_all(registry, run_id: int, timers) -> dict:
    """Apply every line of the run as the jobs of Apply All do: one batch of ``APPLY_BATCH``
    lines per transaction, each timed with its flush (core's recomputation of the rules'
    quantity to order) and rolled back, so the rules stay as they were."""
    from odoo.addons.aftersales_parts.models.aftersales_forecast_run_line_apply import (
        APPLY_BATCH,
    )

    thread = threading.current_thread()
    with registry.cursor() as cr:
        ids = _env(cr)["aftersales.forecast.run.line"].search([("run_id", "=", run_id)]).ids
    queries, rules, cpu = [], 0, 0.0
    for start in range(0, len(ids), APPLY_BATCH):
        with registry.cursor() as cr:
            env = _env(cr)
            env = env(user=env.ref("base.user_admin").id)
            lines = env["aftersales.forecast.run.line"].browse(
                sorted(ids)[start : start + APPLY_BATCH]
            )
            queries0, cpu0 = thread.query_count, time.process_time()
            with timers("apply_all"):
                lines._apply_job()
                env.flush_all()
            cpu += time.process_time() - cpu0
            queries.append(thread.query_count - queries0)
            rules += len(lines.orderpoint_id)
            cr.rollback()
    seconds = timers.seconds.get("apply_all", 0.0)
    return {
        "lines": len(ids),
        "batches": len(queries),
        "batch_size": APPLY_BATCH,
        "rules": rules,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "sql_seconds": round(timers.sql.get("apply_all", 0.0), 2),
        "queries_per_batch": queries,
        "lines_per_second": round(len(ids) / max(seconds, 1e-9), 1),
        "lines_per_cpu_second": round(len(ids) / max(cpu, 1e-9), 1),
        "load_average": os.getloadavg(),
    }


def run(
    registry,
    chunk_size: int,
    history_months: int,
    workers: int,
    apply_sample: int,
    apply_all: bool = False,
) -> dict:
    from odoo.addons.aftersales_parts.models import (
        aftersales_forecast_run_line as line_module,
    )

    timers = Timers()
    Chunk = registry["aftersales.forecast.run.chunk"]
    Demand = registry["aftersales.part.demand"]
    timers.wrap(line_module, "plan", "engine")
    timers.wrap(Demand, "_monthly_history", "history")
    timers.wrap(Chunk, "_insert_lines", "writes")
    # before the lines were inserted in one statement, create() wrote them
    if not hasattr(Chunk, "_insert_lines"):
        timers.wrap(registry["aftersales.forecast.run.line"], "create", "writes")
    thread = threading.current_thread()
    thread.query_time, thread.query_count = 0.0, 0
    t0 = time.perf_counter()
    with registry.cursor() as cr:
        env = _env(cr)
        env = env(user=env.ref("base.user_admin").id)
        forecast = env["aftersales.forecast.run"].create(
            {"chunk_size": chunk_size, "history_months": history_months, "horizon": 12}
        )
        with timers("prepare"):
            forecast._prepare_chunks()
        run_id, chunk_ids = forecast.id, forecast.chunk_ids.ids
        cr.commit()
    # every worker opens its own connections: none may be inherited through fork()
    odoo.sql_db.close_all()
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for i in range(workers):
        parent_end, child_end = context.Pipe(duplex=False)
        process = context.Process(
            target=_work, args=(registry, chunk_ids[i::workers], timers, child_end)
        )
        process.start()
        pipes.append(parent_end)
        processes.append(process)
    reports = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
        if process.exitcode:
            sys.exit(f"a worker failed (exit code {process.exitcode})")
    t_finish = time.perf_counter()
    with registry.cursor() as cr:
        env = _env(cr)
        forecast = env["aftersales.forecast.run"].browse(run_id)
        forecast._finish_if_complete()
        cr.commit()
        total = time.perf_counter() - t0
        finishing = time.perf_counter() - t_finish
        state, blocks = forecast.state, forecast.chunk_count
        lines = env["aftersales.forecast.run.line"].search_count([("run_id", "=", run_id)])
    applied = _apply_sample(registry, run_id, apply_sample, timers) if apply_sample else {}
    applied_all = _apply_all(registry, run_id, timers) if apply_all else None
    with registry.cursor() as cr:
        env = _env(cr)
        # leave the database as it was
        env["queue.job"].search(
            [("model_name", "in", ("aftersales.forecast.run", "aftersales.forecast.run.chunk"))]
        ).unlink()
        env["aftersales.forecast.run"].browse(run_id).unlink()
        cr.commit()

    def phase(name):
        return timers.seconds.get(name, 0.0) + sum(r["seconds"].get(name, 0.0) for r in reports)

    def phase_queries(name):
        return timers.queries.get(name, 0) + sum(
            r["queries_by_phase"].get(name, 0) for r in reports
        )

    def phase_sql(name):
        return timers.sql.get(name, 0.0) + sum(r["sql"].get(name, 0.0) for r in reports)

    work = {name: phase(name) for name in ("history", "engine", "writes", "prepare")}
    worker_sql = sum(r["sql_total"] for r in reports)
    worker_queries = sum(r["queries"] for r in reports)
    # time spent working: preparing (this process), the workers' blocks, closing the run
    busy = work["prepare"] + sum(r["elapsed"] for r in reports) + finishing
    work["other"] = max(busy - work["history"] - work["engine"] - work["writes"], 0.0)
    summed = work["history"] + work["engine"] + work["writes"] + work["other"]
    block_queries = worker_queries / max(sum(r["blocks"] for r in reports), 1)
    return {
        "state": state,
        "lines": lines,
        "blocks": blocks,
        "chunk_size": chunk_size,
        "workers": workers,
        "seconds_total": round(total, 2),
        "seconds": {key: round(value, 2) for key, value in work.items()},
        "share_pct": {
            key: round(100.0 * work[key] / summed, 1)
            for key in ("history", "engine", "writes", "other")
        },
        "queries": {
            "history": phase_queries("history"),
            "engine": phase_queries("engine"),
            "writes": phase_queries("writes"),
            "workers": worker_queries,
            "per_block": round(block_queries, 1),
            "prepare": phase_queries("prepare"),
        },
        "sql": {
            "seconds_workers": round(worker_sql, 2),
            "share_pct": round(100.0 * worker_sql / summed, 1),
            "seconds_in_history": round(phase_sql("history"), 2),
            "seconds_in_writes": round(phase_sql("writes"), 2),
        },
        "apply": dict(
            applied,
            seconds=round(phase("apply"), 2),
            queries=phase_queries("apply"),
            lines_per_second=round(applied.get("lines", 0) / max(phase("apply"), 1e-9), 1),
        )
        if applied
        else None,
        "apply_all": applied_all,
        "peak_rss_mb_per_worker": [round(r["peak_rss_mb"], 1) for r in reports],
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "load_average": os.getloadavg(),
    }


def _table(result: dict) -> str:
    s, p, q = result["seconds"], result["share_pct"], result["queries"]
    out = [f"{'phase (worker-seconds)':<46}{'seconds':>9}{'share':>8}{'queries':>9}"]
    for key in ("history", "engine", "writes", "other"):
        queries = q.get(key, "")
        out.append(f"{PHASE_LABELS[key]:<46}{s[key]:>9.2f}{p[key]:>7.1f}%{queries:>9}")
    out.append(
        f"wall time with {result['workers']} worker(s): {result['seconds_total']:.2f} s; "
        f"{result['lines']} lines in {result['blocks']} blocks of {result['chunk_size']} parts"
    )
    sql = result["sql"]
    out.append(
        f"queries: {q['workers']} in the workers ({q['per_block']} per block), "
        f"{q['prepare']} to plan the blocks; SQL {sql['seconds_workers']:.2f} s "
        f"({sql['share_pct']} % of the work)"
    )
    peaks = ", ".join(f"{mb:.0f} MB" for mb in result["peak_rss_mb_per_worker"])
    out.append(
        f"peak memory per worker: {peaks} (main process {result['peak_rss_mb_main']:.0f} MB)"
    )
    if result["apply"]:
        a = result["apply"]
        out.append(
            f"{PHASE_LABELS['apply']}: {a['lines']} lines in {a['seconds']:.2f} s "
            f"({a['lines_per_second']} lines/s, {a['queries']} queries, {a['rules']} rules)"
        )
    if result.get("apply_all"):
        a = result["apply_all"]
        out.append(
            f"{PHASE_LABELS['apply_all']}: {a['lines']} lines in {a['batches']} batches of "
            f"{a['batch_size']}: {a['seconds']:.2f} s, {a['lines_per_second']} lines/s "
            f"({a['lines_per_cpu_second']} lines per CPU second, SQL {a['sql_seconds']:.2f} s), "
            f"queries per batch {min(a['queries_per_batch'])}-{max(a['queries_per_batch'])}; "
            "load " + ", ".join(f"{x:.2f}" for x in a["load_average"])
        )
    out.append("load average: " + ", ".join(f"{x:.2f}" for x in result["load_average"]))
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
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes computing blocks at once, as queue_job workers would (default 2: "
        "the queue_job root channel configured with capacity 2 on a 2-core machine)",
    )
    parser.add_argument(
        "--apply",
        type=int,
        default=1500,
        help="lines whose suggestions are applied to reordering rules after the run, timed, "
        "then rolled back (default 1500, one block; 0: skip)",
    )
    parser.add_argument(
        "--apply-all",
        action="store_true",
        help="then apply every line of the run as Apply All's jobs do, batch by batch, each "
        "batch timed and rolled back (about 30 lines/s per batch when no rule has stock: "
        "15 minutes at 10,000 parts on a loaded 2-core machine)",
    )
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    if args.command == "setup":
        with registry.cursor() as cr:
            result = setup(_env(cr), args.parts, args.warehouses, args.months)
        print(json.dumps(result, indent=2))
        return 0
    result = run(registry, args.chunk_size, args.months, args.workers, args.apply, args.apply_all)
    result["machine"] = {"cpus": os.cpu_count()}
    print(_table(result))
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
