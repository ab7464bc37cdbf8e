"""Step of the warranty benchmark: the Warranty Dashboard and each warranty report.

As a warranty manager (the dashboard then also reads the reserve), cache cleared before each
call, every figure taken ``--report-runs`` times (median and max), after the report summaries
(failure rates per month, the reserve's cover per period) were refreshed once, as the nightly
cron does, and that refresh timed:

- the dashboard's ``get_dashboard_data`` for each period;
- each report's default pivot as the web client loads it (``formatted_read_grouping_sets``
  with the pivot's rows, columns and measures: totals, rows, columns and cells in one call);
- the failure rate: the summary's pivots by months in service (the menu's default) and by
  delivery month, the live per-unit view on the product with the most units (in the fixture,
  the whole base) and the live per-unit drill-down of the summary's largest row (a product,
  delivery month and months-in-service bucket: its list's first page and count, its pivot).
"""

import statistics

FAILURE_RATE_MEASURES = [
    "units:sum",
    "failures:sum",
    "failure_rate:avg",
    "nff_claims:sum",
    "nff_rate:avg",
]
# label: (model, rows, columns, measures) of the report's default pivot view
REPORTS = {
    "Warranty Claim Analysis": (
        "aftersales.claim.analysis",
        ["product_id"],
        ["failure_date:month"],
        ["claim_count:sum", "warranty_cost:sum", "goodwill_cost:sum"],
    ),
    "Failure Rate, summary by months in service": (
        "aftersales.failure.rate.summary",
        ["product_id"],
        ["bucket"],
        FAILURE_RATE_MEASURES,
    ),
    "Failure Rate, summary per delivery month": (
        "aftersales.failure.rate.summary",
        ["product_id"],
        ["delivery_month:month"],
        FAILURE_RATE_MEASURES,
    ),
    "Warranty Reserve": (
        "aftersales.warranty.reserve",
        ["categ_id"],
        [],
        [
            "active_entitlements:sum",
            "claim_rate:avg",
            "average_cost:avg",
            "reserve:sum",
            "reserve_to_expiry:sum",
        ],
    ),
    "Vendor Recovery Analysis": (
        "aftersales.recovery.analysis",
        ["partner_id"],
        ["date:month"],
        ["amount_claimed:sum", "amount_settled:sum", "rate:sum"],
    ),
    "Service Revenue": (
        "aftersales.service.revenue",
        ["stream"],
        ["date:month"],
        ["revenue:sum", "cost:sum", "margin:sum", "margin_percent:avg"],
    ),
    "First-Time Fix Analysis": (
        "aftersales.first.time.fix",
        ["technician_id"],
        [],
        ["first_time_fix_rate:avg", "return_visits:sum"],
    ),
}
PERIODS = ("month", "3_months", "12_months", "ytd")


def grouping_sets(rows, columns):
    sets = [[], rows]
    if columns:
        sets += [columns, rows + columns]
    return sets


def failure_rate_drill_downs(env):
    """The live per-unit failure rate on a domain, as it is opened: on a product, and on the
    summary's largest row (``action_open_units``)."""
    summary = env["aftersales.failure.rate.summary"]
    live = env["aftersales.failure.rate"]
    row = summary.search([("bucket", "=", "00_02")], order="units desc, id", limit=1)
    if not row:
        return {}
    [(product, product_units)] = summary._read_group(
        [("bucket", "=", "00_02")], ["product_id"], ["units:sum"], order="units:sum desc", limit=1
    )
    product_domain = [("product_id", "=", product.id)]
    row_domain = row.action_open_units()["domain"]
    rows, columns, measures = ["product_id"], ["delivery_date:month"], FAILURE_RATE_MEASURES
    list_fields = {
        name: {} for name in ("equipment_id", "product_id", "lot_id", "delivery_date", "bucket")
    }
    list_fields.update(failures={}, nff_claims={})
    return {
        f"Failure Rate per Unit, one product of {product_units:,} units (pivot)": (
            lambda: live.formatted_read_grouping_sets(
                product_domain, grouping_sets(rows, columns), measures
            )
        ),
        f"Failure Rate per Unit, a row of {row.units:,} units (list)": (
            lambda: live.web_search_read(row_domain, list_fields, limit=80)
        ),
        f"Failure Rate per Unit, a row of {row.units:,} units (pivot)": (
            lambda: live.formatted_read_grouping_sets(
                row_domain, grouping_sets(rows, columns), measures
            )
        ),
    }


def step_reports(env, args, meter):
    manager = env.ref("base.user_admin")
    env = env(user=manager)
    # the summary tables, as the nightly cron writes them (rolled back with the step)
    refresh = {}
    with meter.measure(env) as m:
        rows = env["aftersales.failure.rate.summary"].sudo()._refresh_summary()
    refresh["summaries: refresh"] = {
        "median_s": round(m["seconds"], 3),
        "max_s": round(m["seconds"], 3),
        "median_sql_s": round(m["sql_seconds"], 3),
        "median_cpu_s": round(m["cpu_seconds"], 3),
        "queries": m["queries"],
        "rows": rows,
        "load": m["load"],
    }
    env["aftersales.warranty.dashboard"].get_dashboard_data("month")  # warm the caches
    calls = {
        f"dashboard, period {period}": (
            lambda period=period: env["aftersales.warranty.dashboard"].get_dashboard_data(period)
        )
        for period in PERIODS
    }
    for label, (model, rows, columns, measures) in REPORTS.items():
        report = env[model]
        calls[f"{label} (pivot)"] = lambda report=report, r=rows, c=columns, m=(measures): (
            report.formatted_read_grouping_sets([], grouping_sets(r, c), m)
        )
    calls.update(failure_rate_drill_downs(env))
    result = dict(refresh)
    for label, call in calls.items():
        times, queries, sql, cpu = [], [], [], []
        for _run in range(args.report_runs):
            env.invalidate_all()
            with meter.measure() as m:
                call()
            times.append(m["seconds"])
            queries.append(m["queries"])
            sql.append(m["sql_seconds"])
            cpu.append(m["cpu_seconds"])
        result[label] = {
            "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3),
            "median_sql_s": round(statistics.median(sql), 3),
            "median_cpu_s": round(statistics.median(cpu), 3),
            "queries": max(queries),
            "load": m["load"],
        }
    return result


def print_reports(report, out=print):
    out(f"Warranty Dashboard and reports ({report['runs']} runs each, cache cleared)")
    out(
        f"  {'call':<62}{'median s':>10}{'max s':>8}{'SQL s':>8}{'CPU s':>8}{'queries':>9}"
        f"{'load':>7}"
    )
    for label, r in report["calls"].items():
        out(
            f"  {label:<62}{r['median_s']:>10.3f}{r['max_s']:>8.3f}{r['median_sql_s']:>8.3f}"
            f"{r.get('median_cpu_s', 0):>8.3f}{r['queries']:>9}{r['load']:>7.2f}"
        )
    out("  (SQL s is the wait for PostgreSQL's answers, CPU s this process's own CPU time)")
    out("  target: under 1 s each at 1,000,000 units and 200,000 claims, fixed query count")
    out("")
