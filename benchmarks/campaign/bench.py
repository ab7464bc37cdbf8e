"""Campaign benchmark (issue 17): listing the affected units of a recall over a large installed
base, its completion figures and the first notices.

    python benchmarks/campaign/bench.py --config ODOO_CONF --database DB [--units 1000000]

The database needs aftersales_warranty installed. Everything is written in one transaction
and rolled back at the end, so the database is left as it was. Steps:

1. Fixture: a serial-tracked product, 200 owners, ``units`` serials and units written with
   ``INSERT ... SELECT generate_series`` (the stored fields the ORM would set written by the
   same statements), then ``ANALYZE`` as autovacuum would.
2. ``action_compute_units`` on a campaign over a tenth of the range and over the whole range:
   wall time and queries.
3. Completion by country (one ``_read_group``) over the whole range.
4. The first notices of a campaign over ``notice_units`` units (one mail per owner): time,
   queries, mails queued.
"""

import argparse
import json
import sys
import threading
import time
from datetime import date

PREFIX = "BC-"
OWNERS = 200


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--notice-units", type=int, default=10_000)
    parser.add_argument("--json", help="also write the JSON here")
    return parser.parse_args(argv)


def build_fixture(env, units):
    cr = env.cr
    product = env["product.product"].create(
        {"name": "Bench Chiller", "is_storable": True, "tracking": "serial"}
    )
    country = env.ref("base.vn")
    owners = env["res.partner"].create(
        [
            {"name": f"Bench owner {n}", "email": f"owner{n}@example.com", "country_id": country.id}
            for n in range(OWNERS)
        ]
    )
    env.flush_all()
    params = {
        "prefix": PREFIX,
        "n": units,
        "product": product.id,
        "company": env.company.id,
        "uid": env.uid,
        "owners": owners.ids,
        "country": country.id,
    }
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, create_uid, write_uid,
                               create_date, write_date)
        SELECT %(prefix)s || lpad(g::text, 7, '0'), %(product)s, %(company)s, %(uid)s, %(uid)s,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %(n)s) g
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO aftersales_equipment (name, product_id, lot_id, company_id, partner_id,
                                          country_id, delivery_date, state, active,
                                          create_uid, write_uid, create_date, write_date)
        SELECT 'Bench Chiller [' || lot.name || ']', %(product)s, lot.id, %(company)s,
               (%(owners)s::int[])[1 + lot.id %% array_length(%(owners)s::int[], 1)],
               %(country)s, DATE '2025-01-01' + (lot.id %% 600), 'in_service', true,
               %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM stock_lot lot
         WHERE lot.product_id = %(product)s
        """,
        params,
    )
    cr.execute("ANALYZE stock_lot, aftersales_equipment")
    env.invalidate_all()
    return product


def measure(env, function):
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    queries = cr.sql_log_count
    started = time.perf_counter()
    result = function()
    env.flush_all()
    return result, round(time.perf_counter() - started, 2), cr.sql_log_count - queries


def campaign(env, product, last):
    return env["aftersales.campaign"].create(
        {
            "name": f"Bench recall to {last}",
            "product_ids": [(6, 0, product.ids)],
            "serial_from": f"{PREFIX}0000001",
            "serial_to": f"{PREFIX}{last:07d}",
            "letter": "<p>Bench letter</p>",
        }
    )


def run(env, args):
    report = {"units": args.units}
    started = time.perf_counter()
    product = build_fixture(env, args.units)
    report["fixture_seconds"] = round(time.perf_counter() - started, 1)
    print("fixture", report["fixture_seconds"], file=sys.stderr, flush=True)
    for label, last in (("tenth", args.units // 10), ("all", args.units)):
        recall = campaign(env, product, last)
        _result, seconds, queries = measure(env, recall.action_compute_units)
        report[f"compute_units_{label}"] = {
            "units": recall.unit_count,
            "seconds": seconds,
            "queries": queries,
        }
        print(label, report[f"compute_units_{label}"], file=sys.stderr, flush=True)
    figures, seconds, queries = measure(env, lambda: recall._completion_figures("country_id"))
    report["completion_by_country"] = {"seconds": seconds, "queries": queries}
    small = campaign(env, product, args.notice_units)
    small._insert_affected_units()
    small.sudo()._write_workflow({"state": "active"})
    mails_before = env["mail.mail"].search_count([])
    _result, seconds, queries = measure(env, lambda: small.unit_ids._send_notices())
    report["first_notices"] = {
        "units": args.notice_units,
        "seconds": seconds,
        "queries": queries,
        "mails": env["mail.mail"].search_count([]) - mails_before,
    }
    return report


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
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        report = {"date": str(date.today()), **run(env, args)}
        cr.rollback()
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
