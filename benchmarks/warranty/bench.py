"""Warranty benchmark (issue 4): cover look-ups and claim processing at installed-base scale.

Run through ``scripts/bench-warranty``, which creates the database. Steps:

1. Fixture, built once and reused (``--fresh`` on the wrapper rebuilds the database): a
   serial-tracked product with a standard policy and its own rule set, 100,000 serials, units
   and entitlements, and some thousands of past (done) claims. The bulk rows are written with
   ``INSERT ... SELECT generate_series`` (the ORM would take most of an hour); the stored
   computed fields the ORM would have set are written by the same statements, from the same
   rules: on aftersales.warranty ``lot_id``, ``product_id``, ``partner_id``, ``company_id``
   (related to the unit), ``date_start`` (delivery date, the policy's clock start),
   ``date_end`` (start + duration - 1 day) and ``state``; on aftersales.equipment ``name``.
   No ownership lines, mail followers or tracking messages are written for these rows.
   Configuration records (product, policy, rule set, users, stock) go through the ORM.
2. Cover look-up: median and p95 of ``_cover_by_serial(serial)`` over random serials, cache
   invalidated before each call, and the queries per look-up.
3. Claim validation: queries of ``_run_checks()`` on 1 and on 100 claims, on units without
   and with many past claims, with the full fixture and with the database cut down to 10,000
   units and a tenth of the past claims (in a savepoint, rolled back).
4. Batch: 1,000 claims created in one call, submitted (checks + recommendation + decision),
   approved by an approver who did not submit them, executed (return receipts, repair orders,
   replacement deliveries); per-step time, SQL time and query counts, then the same batch
   again under cProfile. Everything is rolled back.
5. CSV imports (``imports.py``): 5,000 registrations and 5,000 historic claims, checked and
   imported through the import wizard; rolled back.
6. A table and the JSON.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import threading
import time
from datetime import date, timedelta

from imports import print_imports, step_imports
from reports import print_reports, step_reports

FIXTURE_KEY = "aftersales_bench.warranty_fixture"
FIXTURE_VERSION = 2
PREFIX = "BW-"
PARTNERS = 200
HEAVY_UNITS = 100  # units with many past claims
HEAVY_CLAIMS = 20  # past claims on each heavy unit
LIGHT_UNITS = 2500  # units with two past claims each
STOCKED_SERIALS = 1200  # replacement units in stock
SMALL_UNITS = 10_000  # the cut-down database of step 3


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument(
        "--past-claims",
        type=int,
        help="past (done) claims in the fixture (default: a fifth of the units)",
    )
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--claims",
        default="1000",
        help="claims in the batch; a comma-separated list runs one batch per size (default: 1000)",
    )
    parser.add_argument(
        "--profile-claims",
        type=int,
        default=300,
        help="claims in the profiled batch (default: 300; 0 skips the profile)",
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=5000,
        help="rows of each CSV file imported (default: 5,000; 0 skips the imports)",
    )
    parser.add_argument(
        "--report-runs",
        type=int,
        default=3,
        help="runs of each dashboard and report call (default: 3; 0 skips them)",
    )
    parser.add_argument(
        "--steps",
        default="lookup,checks,batch,reports,imports",
        help="steps to run, comma-separated (default: all of lookup,checks,batch,reports,imports)",
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--json", help="also write the JSON here")
    return parser.parse_args(argv)


# ----------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------
class SqlMeter:
    """Queries and time spent in cursor.execute, from the counters odoo.sql_db keeps on the
    current thread (the ones assertQueryCount and the HTTP server log use)."""

    def __init__(self):
        thread = threading.current_thread()
        thread.query_count = getattr(thread, "query_count", 0)
        thread.query_time = getattr(thread, "query_time", 0.0)
        self.thread = thread

    @contextlib.contextmanager
    def measure(self, env=None):
        result = {}
        if env is not None:
            env.flush_all()
        count0, time0, wall0 = self.thread.query_count, self.thread.query_time, time.perf_counter()
        cpu0 = time.process_time()
        try:
            yield result
        finally:
            if env is not None:
                env.flush_all()
            result["seconds"] = time.perf_counter() - wall0
            result["queries"] = self.thread.query_count - count0
            result["sql_seconds"] = self.thread.query_time - time0
            # this process's own CPU time: what the load of other jobs changes least
            result["cpu_seconds"] = time.process_time() - cpu0
            result["load"] = load_average()


@contextlib.contextmanager
def rolled_back(cr):
    """Run the body in a savepoint that is always rolled back (cache cleared too)."""
    savepoint = cr.savepoint()
    try:
        yield
    finally:
        savepoint.close(rollback=True)


def load_average():
    """The machine's 1-minute load average: the figures are taken beside other jobs."""
    return round(os.getloadavg()[0], 2)


def serial_width(units):
    """Digits of the fixture's serial numbers (BW-000001...): as many as the largest needs,
    so that they sort as numbers."""
    return max(6, len(str(units)))


def serial(number, info):
    return f"{PREFIX}{number:0{info.get('serial_width', 6)}d}"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# ----------------------------------------------------------------------------------------
# Fixture
# ----------------------------------------------------------------------------------------
def fixture_info(env):
    raw = env["ir.config_parameter"].sudo().get_param(FIXTURE_KEY)
    return json.loads(raw) if raw else None


def build_fixture(env, units, past_claims):
    from odoo import Command

    cr = env.cr
    company = env.ref("base.main_company")
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    documents = [
        "stock.group_stock_user",
        "account.group_account_invoice",
        "sales_team.group_sale_salesman",
    ]

    def user(login, group):
        return (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "email": f"{login}@example.com",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "group_ids": [Command.set([env.ref(g).id for g in [group, *documents]])],
                }
            )
        )

    claims_user = user("bench_claims", "aftersales_warranty.group_warranty_user")
    approver = user("bench_approver", "aftersales_warranty.group_warranty_approver")
    partners = env["res.partner"].create(
        [{"name": f"Bench Customer {n:03d}", "is_company": True} for n in range(PARTNERS)]
    )
    rule_set = env["aftersales.remedy.rule.set"].create(
        {
            "name": "Bench regime",
            "code": "BENCH",
            "exclude_repair_time": True,
            "replacement_restarts_warranty": True,
            "rule_ids": [
                Command.create(
                    {
                        "sequence": 10,
                        "name": "Within 7 days",
                        "within_days": 7,
                        "allow_repair": True,
                        "allow_replace": True,
                        "allow_refund": True,
                        "chooser": "customer",
                    }
                ),
                Command.create(
                    {
                        "sequence": 20,
                        "name": "Two failed repairs",
                        "min_unresolved_repairs": 2,
                        "allow_replace": True,
                        "allow_refund": True,
                        "chooser": "customer",
                    }
                ),
                Command.create(
                    {
                        "sequence": 90,
                        "name": "Otherwise repair",
                        "allow_repair": True,
                        "chooser": "seller",
                    }
                ),
            ],
        }
    )
    exclusion = env["aftersales.warranty.exclusion"].create(
        {"code": "B-LIQ", "name": "Liquid damage (bench)"}
    )
    policy = env["aftersales.warranty.policy"].create(
        {
            "name": "Bench standard 24 months",
            "duration": 24,
            "clock_start": "delivery",
            "parts_coverage": 100,
            "labour_coverage": 100,
            "travel_coverage": 50,
            "rule_set_id": rule_set.id,
            "exclusion_ids": [Command.link(exclusion.id)],
        }
    )
    codes = env["aftersales.failure.code"].create(
        [
            {"code": "B-PWR", "name": "Compressor dead (bench)", "defect_class": "serious"},
            {"code": "B-NOISE", "name": "Fan noise (bench)", "defect_class": "minor"},
        ]
    )
    product = env["product.product"].create(
        {
            "name": "Bench Chiller BC-1",
            "is_storable": True,
            "tracking": "serial",
            "aftersales_track_installed_base": True,
            "list_price": 1200.0,
            "standard_price": 700.0,
            "aftersales_warranty_policy_id": policy.id,
        }
    )
    part = env["product.product"].create(
        {
            "name": "Bench Compressor BP-9",
            "is_storable": True,
            "standard_price": 150.0,
            "list_price": 220.0,
        }
    )
    stock = warehouse.lot_stock_id
    env["stock.quant"]._update_available_quantity(part, stock, 1_000_000)
    put_serials_in_stock(env, product, stock, "BWS-{:05d}", STOCKED_SERIALS)

    # --- bulk rows: INSERT ... SELECT generate_series, stored computed fields set here -----
    started = time.perf_counter()
    params = {
        "n": units,
        "prefix": PREFIX,
        "width": serial_width(units),
        "product": product.id,
        "company": company.id,
        "partners": partners.ids,
        "policy": policy.id,
        "uid": env.uid,
        "display": product.display_name,
        "months": policy.duration,
    }
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, create_uid, write_uid,
                               create_date, write_date)
        SELECT %(prefix)s || lpad(g::text, %(width)s, '0'), %(product)s, %(company)s,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %(n)s) g
        """,
        params,
    )
    # delivered 0 to 899 days ago (a fixed scramble of the serial): about 80 % still covered
    cr.execute(
        """
        INSERT INTO aftersales_equipment (name, product_id, lot_id, company_id, partner_id,
                                          delivery_date, state, active, create_uid, write_uid,
                                          create_date, write_date)
        SELECT %(display)s || ' [' || lot.name || ']', %(product)s, lot.id, %(company)s,
               (%(partners)s::int[])[1 + g %% array_length(%(partners)s::int[], 1)],
               current_date - ((g::bigint * 7919) %% 900)::int, 'in_service', true,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %(n)s) g
          JOIN stock_lot lot ON lot.name = %(prefix)s || lpad(g::text, %(width)s, '0')
                            AND lot.product_id = %(product)s
        """,
        params,
    )
    # the policy's _end_date: start + duration months - 1 day; state as _compute_state
    cr.execute(
        """
        INSERT INTO aftersales_warranty (equipment_id, lot_id, product_id, partner_id,
                                         company_id, policy_id, origin, date_start, date_end,
                                         state, voided, excluded_days, extension_months,
                                         create_uid, write_uid, create_date, write_date)
        SELECT e.id, e.lot_id, e.product_id, e.partner_id, e.company_id, %(policy)s,
               'standard', e.delivery_date, ends.date_end,
               CASE WHEN ends.date_end < current_date THEN 'expired' ELSE 'active' END,
               false, 0, 0, %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM aftersales_equipment e,
               LATERAL (SELECT (e.delivery_date + make_interval(months => %(months)s))::date
                                - 1 AS date_end) ends
         WHERE e.product_id = %(product)s
        """,
        params,
    )
    past = insert_past_claims(env, product, codes, company, warehouse, params, past_claims)
    cr.execute("ANALYZE stock_lot")
    cr.execute("ANALYZE aftersales_equipment")
    cr.execute("ANALYZE aftersales_warranty")
    cr.execute("ANALYZE aftersales_claim")
    info = {
        "version": FIXTURE_VERSION,
        "units": units,
        "serial_width": serial_width(units),
        "past_claims": past,
        "bulk_insert_seconds": round(time.perf_counter() - started, 1),
        "product_id": product.id,
        "part_id": part.id,
        "policy_id": policy.id,
        "failure_code_ids": codes.ids,
        "exclusion_id": exclusion.id,
        "claims_user_id": claims_user.id,
        "approver_id": approver.id,
        "built_on": str(date.today()),
    }
    env["ir.config_parameter"].sudo().set_param(FIXTURE_KEY, json.dumps(info))
    env.flush_all()
    return info


def insert_past_claims(env, product, codes, company, warehouse, params, total):
    """Done repair claims: two (one per failure code) on each of the first LIGHT_UNITS units,
    HEAVY_CLAIMS on each of the next HEAVY_UNITS units, all inside the unit's cover; then, up
    to `total`, one minor one on each of the last units (away from those the steps use)."""
    cr = env.cr
    serious, minor = codes
    cr.execute(
        """
        WITH units AS (
            SELECT e.id, e.lot_id, e.partner_id, e.delivery_date, w.id AS warranty_id,
                   substr(lot.name, %(plen)s + 1)::int AS g
              FROM aftersales_equipment e
              JOIN stock_lot lot ON lot.id = e.lot_id
              JOIN aftersales_warranty w ON w.equipment_id = e.id
             WHERE e.product_id = %(product)s
               AND (substr(lot.name, %(plen)s + 1)::int <= %(light)s + %(heavy)s
                    OR substr(lot.name, %(plen)s + 1)::int > %(n)s - %(tail)s)
        ), claims AS (
            SELECT u.*, k
              FROM units u,
                   generate_series(
                       CASE WHEN u.g > %(light)s + %(heavy)s THEN 2 ELSE 1 END,
                       CASE WHEN u.g <= %(light)s THEN 2
                            WHEN u.g <= %(light)s + %(heavy)s THEN %(per_heavy)s
                            ELSE 2 END) k
        )
        INSERT INTO aftersales_claim (
            name, company_id, state, equipment_id, lot_id, product_id, partner_id, user_id,
            failure_date, intake_date, failure_code_id, defect_class, warranty_id, policy_id,
            parts_cost, labour_cost, travel_cost, unit_value, decision, goodwill_remedy, outcome,
            submitted_by_id, submit_date, approved_by_id, approve_date, done_date, check_result,
            prior_repairs, days_out_of_service, days_in_repair, customer_share, covered_parts,
            covered_labour, covered_travel, covered_total, refund_amount, claim_amount,
            recommended_decision, warehouse_id, create_uid, write_uid, create_date, write_date)
        SELECT 'WC/PAST/' || lpad(c.g::text, %(width)s, '0') || '/' || c.k, %(company)s,
               'done', c.id, c.lot_id, %(product)s, c.partner_id, %(uid)s,
               fd.day, fd.day,
               CASE WHEN c.k %% 2 = 1 THEN %(serious)s ELSE %(minor)s END,
               CASE WHEN c.k %% 2 = 1 THEN 'serious' ELSE 'minor' END,
               c.warranty_id, %(policy)s, 0, 80, 40, 1200, 'repair', 'repair', 'fixed',
               %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC', fd.day + 5,
               'pass', 0, 0, 5, 0, 0, 80, 20, 100, 1200, 100, 'repair', %(warehouse)s,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM claims c,
               LATERAL (SELECT LEAST(c.delivery_date + c.k, current_date) AS day) fd
        """,
        {
            **params,
            "plen": len(PREFIX),
            "light": LIGHT_UNITS,
            "heavy": HEAVY_UNITS,
            "per_heavy": HEAVY_CLAIMS,
            "serious": serious.id,
            "minor": minor.id,
            "warehouse": warehouse.id,
            "tail": max(0, total - 2 * LIGHT_UNITS - HEAVY_UNITS * HEAVY_CLAIMS),
        },
    )
    return cr.rowcount


# ----------------------------------------------------------------------------------------
# Steps
# ----------------------------------------------------------------------------------------
def unit_ids(env, info, first, last, limit, covered=True):
    """Ids of fixture units with serial numbers first..last, covered since 10+ days."""
    env.cr.execute(
        """
        SELECT e.id
          FROM aftersales_equipment e
          JOIN stock_lot lot ON lot.id = e.lot_id
          JOIN aftersales_warranty w ON w.equipment_id = e.id
         WHERE e.product_id = %s AND lot.name BETWEEN %s AND %s
           AND (NOT %s OR (w.date_start <= current_date - 10 AND w.date_end >= current_date))
         ORDER BY lot.name
         LIMIT %s
        """,
        (info["product_id"], serial(first, info), serial(last, info), covered, limit),
    )
    return [row[0] for row in env.cr.fetchall()]


def claim_values(env, info, units, replace_every=0):
    """One claim per unit: a serious failure 3 days ago with a part; every
    `replace_every`-th claim is decided as a replacement up front, the others get the
    recommended decision (repair)."""
    from odoo import Command

    today = date.today()
    vals_list = []
    for index, unit in enumerate(units):
        vals = {
            "equipment_id": unit,
            "failure_code_id": info["failure_code_ids"][0],
            "failure_date": today - timedelta(days=3),
            "intake_date": today,
            "labour_cost": 80.0,
            "travel_cost": 40.0,
        }
        if replace_every and index % replace_every == 0:
            vals["requested_remedy"] = "replace"  # decided as asked once created
        else:
            vals["part_ids"] = [Command.create({"product_id": info["part_id"], "quantity": 1})]
        vals_list.append(vals)
    return vals_list


def step_lookup(env, info, args, meter):
    from odoo import api

    rng = random.Random(args.seed)
    serials = [serial(rng.randint(1, info["units"]), info) for _ in range(args.lookups)]
    results = {}
    users = {"superuser": api.SUPERUSER_ID, "warranty_user": info["claims_user_id"]}
    for label, uid in users.items():
        results[label] = time_lookups(env(user=uid)["aftersales.warranty"], serials, meter)
    # the serial is found through the btree index on stock_lot.name (stock.lot in
    # aftersales_warranty), not stock's trigram index
    results["plan"] = lookup_plan(env, serials[0])
    # PostgreSQL's own time for the query (EXPLAIN ANALYZE), median over a few serials: the
    # wall time above is mostly waiting for a core when the machine is loaded
    server = []
    for serial_number in serials[:50]:
        plan = lookup_plan(env, serial_number)
        server.append(
            sum(
                float(line.split(":")[1].split()[0])
                for line in plan
                if line.startswith(("Planning Time", "Execution Time"))
            )
        )
    results["server_ms"] = round(statistics.median(server), 3)
    return results


def time_lookups(warranties, serials, meter):
    env = warranties.env
    warranties._cover_by_serial(serials[0])  # warm the registry caches
    times, sql_times, cpu_times, queries, found = [], [], [], [], 0
    for serial in serials:
        env.invalidate_all()
        with meter.measure() as m:
            cover = warranties._cover_by_serial(serial)
        times.append(m["seconds"] * 1000)
        sql_times.append(m["sql_seconds"] * 1000)
        cpu_times.append(m["cpu_seconds"] * 1000)
        queries.append(m["queries"])
        found += bool(cover)
    return {
        "lookups": len(serials),
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(percentile(times, 0.95), 3),
        "max_ms": round(max(times), 3),
        "median_sql_ms": round(statistics.median(sql_times), 3),
        # CPU of this (Odoo) process: what the load of the other jobs changes least
        "median_cpu_ms": round(statistics.median(cpu_times), 3),
        "queries_per_lookup": max(queries),
        "covered": found,
        "load": load_average(),
    }


def lookup_plan(env, serial):
    """EXPLAIN ANALYZE of the look-up query, caught through the cursor's query hook."""
    thread = threading.current_thread()
    caught = []
    hooks = getattr(thread, "query_hooks", ())
    thread.query_hooks = (*hooks, lambda cr, query, params, *rest: caught.append((query, params)))
    try:
        env.invalidate_all()
        env["aftersales.warranty"]._cover_by_serial(serial)
    finally:
        thread.query_hooks = hooks
    query, params = next(q for q in caught if "aftersales_warranty" in str(q[0]))
    env.cr.execute(b"EXPLAIN ANALYZE " + env.cr.mogrify(query, params))
    return [row[0] for row in env.cr.fetchall()]


def run_checks_queries(env, info, meter, units):
    Claim = env(user=info["claims_user_id"])["aftersales.claim"]
    claims = Claim.create(claim_values(env, info, units))
    env.flush_all()
    env.invalidate_all()
    with meter.measure(env) as m:
        claims._run_checks()
    return m["queries"]


def step_checks(env, info, meter):
    """Queries of _run_checks() per configuration; each measured in a rolled-back savepoint."""
    plain = unit_ids(env, info, 5001, 9999, 100)
    heavy_first = LIGHT_UNITS + 1
    heavy = unit_ids(env, info, heavy_first, LIGHT_UNITS + HEAVY_UNITS, 100, covered=False)
    cases = {"1 claim": plain[:1], "100 claims": plain, "100 claims, heavy units": heavy}

    def measure_all():
        # a first run warms the registry caches (groups, rules, translations), as the warm-up
        # of assertQueryCount does; the counts below are then comparable
        with rolled_back(env.cr):
            run_checks_queries(env, info, meter, plain[:1])
        out = {}
        for label, units in cases.items():
            with rolled_back(env.cr):
                out[label] = run_checks_queries(env, info, meter, units)
        return out

    def past_claims():
        env.cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE equipment_id = ANY(%s)) FROM aftersales_claim",
            [heavy],
        )
        total, on_heavy = env.cr.fetchone()
        return total, on_heavy

    results = {}
    total, on_heavy = past_claims()
    results["full"] = {
        "units": info["units"],
        "past_claims": total,
        "past_claims_on_heavy_batch": on_heavy,
        "queries": measure_all(),
    }
    with rolled_back(env.cr):
        cut_down(env, info)
        total, on_heavy = past_claims()
        env.cr.execute("SELECT count(*) FROM aftersales_equipment")
        results["small"] = {
            "units": env.cr.fetchone()[0],
            "past_claims": total,
            "past_claims_on_heavy_batch": on_heavy,
            "queries": measure_all(),
        }
    return results


def cut_down(env, info):
    """Shrink the fixture to SMALL_UNITS units and a tenth of the past claims (the batches of
    step 3 use units within the first SMALL_UNITS)."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        """
        CREATE TEMP TABLE bench_drop ON COMMIT DROP AS
        SELECT e.id FROM aftersales_equipment e JOIN stock_lot lot ON lot.id = e.lot_id
         WHERE e.product_id = %s AND lot.name > %s
        """,
        (info["product_id"], serial(SMALL_UNITS, info)),
    )
    cr.execute(
        """
        DELETE FROM aftersales_claim
         WHERE name LIKE 'WC/PAST/%'
           AND (id % 10 <> 0 OR equipment_id IN (SELECT id FROM bench_drop))
        """
    )
    cr.execute("DELETE FROM aftersales_warranty WHERE equipment_id IN (SELECT id FROM bench_drop)")
    cr.execute("DELETE FROM aftersales_equipment WHERE id IN (SELECT id FROM bench_drop)")
    cr.execute("DROP TABLE bench_drop")
    env.invalidate_all()


def run_batch(env, info, units, meter, profiler=None):
    claims_env = env(user=info["claims_user_id"])
    approver_env = env(user=info["approver_id"])
    vals_list = claim_values(env, info, units, replace_every=2)
    steps = {}
    if profiler:
        profiler.enable()
    try:
        with meter.measure(env) as steps["create"]:
            claims = claims_env["aftersales.claim"].create(vals_list)
            claims.filtered(lambda c: c.requested_remedy == "replace").action_decide("replace")
        with meter.measure(env) as steps["submit (checks, recommendation, decision)"]:
            claims.action_submit()
        with meter.measure(env) as steps["approve"]:
            claims.with_env(approver_env).action_approve()
        with meter.measure(env) as steps["execute"]:
            claims.with_env(approver_env).action_execute()
        # what the job workers do after the commit: render and queue the mails of the steps
        with meter.measure(env) as steps["mail jobs (job worker)"]:
            mails = run_mail_jobs(env, claims)
    finally:
        if profiler:
            profiler.disable()
    outcome = {
        "claims": len(claims),
        "states": sorted(set(claims.mapped("state"))),
        "decisions": {
            decision: len(claims.filtered(lambda c, d=decision: c.decision == d))
            for decision in ("repair", "replace")
        },
        "return_receipts": len(claims.return_picking_id),
        "repair_orders": len(claims.repair_id),
        "replacement_deliveries": len(claims.replacement_picking_id),
        "replacements_reserved": len(
            claims.replacement_picking_id.filtered(lambda picking: picking.state == "assigned")
        ),
        "mails": mails,
    }
    return steps, outcome


def run_mail_jobs(env, claims):
    """Perform the pending step-mail jobs of `claims` as the job runner would; the mails."""
    from odoo.addons.queue_job.job import Job

    jobs = env["queue.job"].search(
        [("model_name", "=", "aftersales.claim"), ("method_name", "=", "_mail_step")]
    )
    mails = 0
    for queued in jobs.filtered(lambda j: j.state == "pending" and j.records & claims):
        job = Job.load(env, queued.uuid)
        mails += len(job.perform())
        job.set_done()
        job.store()
    return mails


def stock_replacements(env, info, count):
    """Put free serials of the fixture's product in stock until `count` are free, so that
    every replacement of a batch is reserved on a serial (the fixture stocks STOCKED_SERIALS:
    a larger batch would leave replacements waiting, each scanning every reserved serial).
    Called inside the batch's rolled-back savepoint, before the measured steps."""
    product = env["product.product"].browse(info["product_id"])
    company = env.ref("base.main_company")
    stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).lot_stock_id
    env.cr.execute(
        """
        SELECT count(*) FROM stock_quant
         WHERE product_id = %s AND location_id = %s AND lot_id IS NOT NULL
           AND quantity - reserved_quantity >= 1
        """,
        (product.id, stock.id),
    )
    missing = count - env.cr.fetchone()[0]
    if missing <= 0:
        return 0
    put_serials_in_stock(env, product, stock, "BWT-{:06d}", missing)
    return missing


def put_serials_in_stock(env, product, stock, name_format, count):
    """`count` new serials of `product`, one unit each in the `stock` location."""
    lots = env["stock.lot"].create(
        [
            {
                "name": name_format.format(n),
                "product_id": product.id,
                "company_id": stock.company_id.id,
            }
            for n in range(1, count + 1)
        ]
    )
    for lot in lots:
        env["stock.quant"]._update_available_quantity(product, stock, 1, lot_id=lot)
    env.flush_all()


def step_batch(env, info, args, meter, size):
    units = unit_ids(env, info, 20001, info["units"], size)
    if len(units) < size:
        raise SystemExit(f"only {len(units)} covered units for the batch")
    with rolled_back(env.cr):
        stocked = stock_replacements(env, info, (size + 1) // 2)
        steps, outcome = run_batch(env, info, units, meter)
        outcome["serials_added_to_stock"] = stocked
    total = sum(s["seconds"] for s in steps.values())
    result = {
        "outcome": outcome,
        "steps": {
            name: {
                "seconds": round(s["seconds"], 2),
                "claims_per_s": round(len(units) / s["seconds"], 1),
                "queries": s["queries"],
                "queries_per_claim": round(s["queries"] / len(units), 1),
                "sql_seconds": round(s["sql_seconds"], 2),
                "python_seconds": round(s["seconds"] - s["sql_seconds"], 2),
                "cpu_seconds": round(s["cpu_seconds"], 2),
                "load": s["load"],
            }
            for name, s in steps.items()
        },
        "total_seconds": round(total, 2),
        "claims_per_s": round(len(units) / total, 1),
        "sql_seconds": round(sum(s["sql_seconds"] for s in steps.values()), 2),
        "cpu_seconds": round(sum(s["cpu_seconds"] for s in steps.values()), 2),
        "queries": sum(s["queries"] for s in steps.values()),
    }
    mail_step = steps["mail jobs (job worker)"]["seconds"]
    result["request_side_claims_per_s"] = round(len(units) / (total - mail_step), 1)
    result["load"] = load_average()
    size = min(args.profile_claims, len(units))
    if size:
        profiler = cProfile.Profile()
        with rolled_back(env.cr):
            started = time.perf_counter()
            run_batch(env, info, units[:size], meter, profiler)
            profiled_seconds = time.perf_counter() - started
        result["profile"] = profile_summary(profiler, size, profiled_seconds)
    return result


def profile_summary(profiler, size, seconds):
    stats = pstats.Stats(profiler)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(15)
    # own time (tottime) per area of the code
    areas = {}
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        area = code_area(filename, function)
        areas[area] = areas.get(area, 0.0) + tottime
    total = sum(areas.values()) or 1.0
    return {
        "claims": size,
        "seconds_under_profiler": round(seconds, 2),
        "own_time_by_area": {
            area: {"seconds": round(t, 2), "share": round(t / total, 3)}
            for area, t in sorted(areas.items(), key=lambda item: -item[1])[:12]
        },
        "top_cumulative": trim_profile(text.getvalue()),
    }


def code_area(filename, function):
    if "psycopg2" in function or "psycopg2" in filename:
        return "SQL (psycopg2 execute/fetch)"
    marker = "/odoo/addons/"
    if marker in filename:
        module = filename.split(marker, 1)[1].split("/", 1)[0]
        return f"addon {module}"
    if "/addons/aftersales_" in filename:
        return "addon " + filename.split("/addons/", 1)[1].split("/", 1)[0]
    if "/odoo/orm/" in filename or "/odoo/models/" in filename or "/odoo/fields/" in filename:
        return "odoo ORM"
    if "/odoo/" in filename:
        return "odoo other (api, tools, sql_db)"
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "python stdlib / other"


def trim_profile(text):
    lines = text.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    import odoo.release

    site = os.path.dirname(os.path.dirname(os.path.dirname(odoo.release.__file__)))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return [line.replace(site + "/", "").replace(root + "/", "") for line in lines[start:]]


# ----------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------
def print_table(report):
    fx = report["fixture"]
    out = print
    out("")
    out(
        f"Fixture: {fx['units']:,} units and entitlements, {fx['past_claims']:,} past claims "
        f"({'built now' if fx.get('built_now') else 'reused'}, built on {fx['built_on']})"
    )
    out(
        f"Machine: {report['cpus']} CPUs, load average {report['load_average_at_start'][0]} at "
        f"start, {report['load_average_at_end'][0]} at end (other jobs share the machine)"
    )
    out("")
    if "lookup" in report:
        print_lookups(report, out)
    if "checks" in report:
        print_checks(report, out)
    for batch in report["batches"]:
        print_batch(batch, out)
    if "reports" in report:
        print_reports(report["reports"], out)
    if "imports" in report:
        print_imports(report["imports"], out)


def print_lookups(report, out):
    out("Cover look-up (_cover_by_serial, cache cleared before each call)")
    out(
        f"  {'as':<44}{'lookups':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
        f"{'SQL ms':>8}{'CPU ms':>8}{'queries':>9}{'load':>7}"
    )
    for label in ("superuser", "warranty_user"):
        r = report["lookup"][label]
        out(
            f"  {label:<44}{r['lookups']:>8}{r['median_ms']:>11.3f}{r['p95_ms']:>9.3f}"
            f"{r['max_ms']:>9.3f}{r['median_sql_ms']:>8.3f}{r.get('median_cpu_ms', 0):>8.3f}"
            f"{r['queries_per_lookup']:>9}{r['load']:>7.2f}"
        )
    out(
        f"  PostgreSQL planning + execution of the query (EXPLAIN ANALYZE, median): "
        f"{report['lookup'].get('server_ms', 0):.3f} ms"
    )
    out("  target: median under 3 ms at 1,000,000 units, one query")
    out("")


def print_checks(report, out):
    out("Claim validation (_run_checks): queries, cold cache, flush included")
    checks = report["checks"]
    labels = list(checks["full"]["queries"])
    out(f"  {'database':<34}" + "".join(f"{label:>26}" for label in labels))
    for key in ("small", "full"):
        c = checks[key]
        name = f"{c['units']:,} units, {c['past_claims']:,} past claims"
        out(f"  {name:<34}" + "".join(f"{c['queries'][label]:>26}" for label in labels))
    out(
        f"  (heavy units carry {checks['small']['past_claims_on_heavy_batch']:,} / "
        f"{checks['full']['past_claims_on_heavy_batch']:,} past claims)"
    )
    out("")


def print_batch(batch, out):
    out(f"Batch of {batch['outcome']['claims']:,} claims ({batch['outcome']['decisions']})")
    out(
        f"  {'step':<44}{'s':>8}{'claims/s':>10}{'queries':>9}{'q/claim':>9}{'SQL s':>8}{'Py s':>8}"
        f"{'CPU s':>8}{'load':>7}"
    )
    for name, s in batch["steps"].items():
        out(
            f"  {name:<44}{s['seconds']:>8.2f}{s['claims_per_s']:>10.1f}{s['queries']:>9}"
            f"{s['queries_per_claim']:>9.1f}{s['sql_seconds']:>8.2f}{s['python_seconds']:>8.2f}"
            f"{s.get('cpu_seconds', 0):>8.2f}{s['load']:>7.2f}"
        )
    out(
        f"  {'end to end':<44}{batch['total_seconds']:>8.2f}{batch['claims_per_s']:>10.1f}"
        f"{batch['queries']:>9}{batch['queries'] / batch['outcome']['claims']:>9.1f}"
        f"{batch['sql_seconds']:>8.2f}{batch['total_seconds'] - batch['sql_seconds']:>8.2f}"
        f"{batch.get('cpu_seconds', 0):>8.2f}"
    )
    if batch.get("cpu_seconds"):
        out(
            f"  {batch['outcome']['claims'] / batch['cpu_seconds']:.1f} claims per CPU second of "
            "this process (the figure the machine's load changes least)"
        )
    target = "meets" if batch["claims_per_s"] >= 30 else "MISSES"
    out(
        f"  {target} the target of 30 claims/s end to end (mails included); "
        f"{batch['request_side_claims_per_s']} claims/s without the mail jobs"
    )
    out(f"  documents: {batch['outcome']}")
    if "profile" in batch:
        p = batch["profile"]
        out("")
        out(
            f"Profile of a batch of {p['claims']} claims "
            f"({p['seconds_under_profiler']} s under cProfile)"
        )
        out("  own time by area:")
        for area, a in p["own_time_by_area"].items():
            out(f"    {area:<40}{a['seconds']:>8.2f} s {a['share'] * 100:>5.1f} %")
        out("  top 15 by cumulative time:")
        for line in p["top_cumulative"]:
            out("    " + line)
    out("")


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.service import server
    from odoo.tools import config

    config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"], setup_logging=True
    )
    server.load_server_wide_modules()
    threading.current_thread().dbname = args.database
    registry = Registry(args.database)
    meter = SqlMeter()
    report = {
        "database": args.database,
        "date": str(date.today()),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    started = time.perf_counter()

    def progress(message):
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr)

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        info = fixture_info(env)
        past_claims = args.past_claims if args.past_claims is not None else args.units // 5
        if not info or info.get("version") != FIXTURE_VERSION or info["units"] != args.units:
            if info:
                raise SystemExit("the database holds another fixture: run with --fresh")
            progress(f"building the fixture ({args.units:,} units, {past_claims:,} claims)...")
            info = build_fixture(env, args.units, past_claims)
            cr.commit()
            info["built_now"] = True
        report["fixture"] = info
        steps = args.steps.split(",")
        if "lookup" in steps:
            progress("cover look-ups...")
            report["lookup"] = step_lookup(env, info, args, meter)
        if "checks" in steps:
            progress("claim validation query counts...")
            report["checks"] = step_checks(env, info, meter)
        report["batches"] = []
        sizes = [int(n) for n in str(args.claims).split(",")] if "batch" in steps else []
        for size in sizes:
            progress(f"batch of {size} claims...")
            report["batches"].append(step_batch(env, info, args, meter, size))
            args.profile_claims = 0  # profiled once, with the first batch
        if args.report_runs and "reports" in steps:
            progress("dashboard and reports...")
            report["reports"] = {
                "runs": args.report_runs,
                "calls": step_reports(env, args, meter),
            }
        if args.import_rows and "imports" in steps:
            progress(f"CSV imports of {args.import_rows} rows...")
            report["imports"] = {
                "rows": args.import_rows,
                **step_imports(env, info, args, meter, rolled_back),
            }
        cr.rollback()
    progress("done")
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print_table(report)
    text = json.dumps(report, indent=2, default=str)
    print(text)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    main()
