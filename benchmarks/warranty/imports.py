"""Step 5 of the warranty benchmark: CSV imports of registrations and historic claims.

Two files of ``rows`` rows each, built from the fixture's units:

- registrations: half of them serials we delivered, each with its owner (matched at once),
  half serials we never delivered (left pending);
- historic claims: done repairs on other covered units, with parts, labour and travel costs
  and an old-system reference.

Each file is checked (dry run) and imported by a warranty manager through the import wizard,
everything rolled back; the time, SQL time and queries per row are measured.
"""

import base64
import csv
import io
from datetime import date, timedelta

REGISTRATION_FIRST = 30_001  # serials past those the other steps use
CLAIM_FIRST = 60_001


def fixture_units(env, info, first, count):
    """(serial, owner's name, delivery date) of covered units from serial `first` on."""
    env.cr.execute(
        """
        SELECT lot.name, partner.name, e.delivery_date
          FROM aftersales_equipment e
          JOIN stock_lot lot ON lot.id = e.lot_id
          JOIN res_partner partner ON partner.id = e.partner_id
          JOIN aftersales_warranty w ON w.equipment_id = e.id
         WHERE e.product_id = %s AND lot.name >= %s
           AND w.date_start <= current_date - 30 AND w.date_end >= current_date
         ORDER BY lot.name
         LIMIT %s
        """,
        (info["product_id"], f"BW-{first:0{info.get('serial_width', 6)}d}", count),
    )
    return env.cr.fetchall()


def to_csv(header, rows):
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return base64.b64encode(stream.getvalue().encode("utf-8"))


def registrations_file(env, info, rows):
    product = env["product.product"].browse(info["product_id"]).name
    delivered = fixture_units(env, info, REGISTRATION_FIRST, rows // 2)
    lines = [
        (owner, product, serial, str(delivered_on), "Bench Shop")
        for serial, owner, delivered_on in delivered
    ]
    lines += [
        (delivered[n % len(delivered)][1], product, f"BWX-{n:06d}", "2025-01-15", "Elsewhere")
        for n in range(rows - len(lines))
    ]
    header = ("customer", "product", "serial", "purchase_date", "seller")
    return to_csv(header, lines), len(lines)


def claims_file(env, info, rows):
    code = env["aftersales.failure.code"].browse(info["failure_code_ids"][0]).code
    units = fixture_units(env, info, CLAIM_FIRST, rows)
    lines = [
        (
            serial,
            str(delivered_on + timedelta(days=10)),
            "repair",
            "done",
            code,
            "fixed",
            "150.00",
            "80.00",
            "20.00",
            f"OLD-{n:06d}",
        )
        for n, (serial, _owner, delivered_on) in enumerate(units)
    ]
    header = (
        "serial",
        "failure_date",
        "decision",
        "state",
        "failure_code",
        "outcome",
        "parts_cost",
        "labour_cost",
        "travel_cost",
        "reference",
    )
    return to_csv(header, lines), len(lines)


def run_import(env, kind, data, meter, rolled_back, dry_run):
    with rolled_back(env.cr), meter.measure(env) as measured:
        wizard = env["aftersales.warranty.import"].create(
            {"kind": kind, "data_file": data, "filename": f"{kind}.csv"}
        )
        if dry_run:
            wizard.action_check()
        else:
            wizard.action_import()
        outcome = {
            "rows": wizard.row_count,
            "valid": wizard.created_count,
            "errors": wizard.error_count,
        }
        if kind == "registration" and not dry_run:
            states = wizard.registration_ids.mapped("state")
            outcome["matched"] = states.count("matched")
            outcome["pending"] = states.count("pending")
    return {**measured, **outcome}


def step_imports(env, info, args, meter, rolled_back):
    manager = env.ref("base.user_admin")
    if not manager.has_group("aftersales_warranty.group_warranty_manager"):
        raise SystemExit("the admin user is no warranty manager: run with --fresh")
    env = env(user=manager)
    files = {
        "registration": registrations_file(env, info, args.import_rows),
        "claim": claims_file(env, info, args.import_rows),
    }
    result = {}
    for kind, (data, rows) in files.items():
        for dry_run in (True, False):
            measured = run_import(env, kind, data, meter, rolled_back, dry_run)
            result[f"{kind} {'check' if dry_run else 'import'}"] = {
                **{key: value for key, value in measured.items() if key != "seconds"},
                "seconds": round(measured["seconds"], 2),
                "sql_seconds": round(measured["sql_seconds"], 2),
                "cpu_seconds": round(measured["cpu_seconds"], 2),
                "rows_per_s": round(rows / measured["seconds"], 1),
                "queries_per_row": round(measured["queries"] / rows, 2),
                "load": measured["load"],
            }
    return {"date": str(date.today()), "steps": result}


def print_imports(report, out=print):
    out(f"CSV imports of {report['rows']:,} rows (import wizard, as a warranty manager)")
    out(
        f"  {'file':<24}{'s':>8}{'rows/s':>9}{'queries':>9}{'q/row':>7}{'SQL s':>8}{'CPU s':>8}"
        f"{'load':>7}"
        "  outcome"
    )
    for name, s in report["steps"].items():
        outcome = f"{s['valid']:,} valid, {s['errors']:,} errors"
        if "matched" in s:
            outcome += f", {s['matched']:,} matched, {s['pending']:,} pending"
        out(
            f"  {name:<24}{s['seconds']:>8.2f}{s['rows_per_s']:>9.1f}{s['queries']:>9}"
            f"{s['queries_per_row']:>7.2f}{s['sql_seconds']:>8.2f}{s.get('cpu_seconds', 0):>8.2f}"
            f"{s['load']:>7.2f}  {outcome}"
        )
    out("")
