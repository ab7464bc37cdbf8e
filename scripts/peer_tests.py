"""Helpers of scripts/test-peers.sh: run peer modules' tests once every module is loaded, and
compare the failures with the baseline.

``run ODOO-ARGS...``
    Odoo's own command line (``python -m odoo ODOO-ARGS``), except that at_install tests do not
    run while each module is loaded (a registry holding only the modules loaded so far, without
    the overrides of the modules that depend on it: ours) but together with the post_install
    tests, once the whole registry is loaded. Every selected test runs once. With
    ``PEER_SHARD=i/n`` in the environment, only the i-th of n shares of the test classes runs,
    so n processes on n copies of the database run the selection once between them.

``report LOG... --baseline FILE [--write-candidates FILE] [--write-new FILE]``
    Reads the Odoo logs of one run, prints the counts and the failures missing from the
    baseline (written to the --write-new file, for a retry); exits 1 when there is any, when a
    test was skipped for want of a browser, or when a log holds no test summary.

``tags FILE``
    The --test-tags selecting the tests named in FILE (one failure name a line), to run them
    again; a failure of a whole test module's fixture cannot be selected alone and is left out.
"""

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

# "2025-01-01 10:00:00,000 123 ERROR db odoo.addons.stock.tests.test_move: FAIL: TestX.test_y"
FAILURE_RE = re.compile(
    r"^\S+ \S+ \d+ ERROR \S+ (?P<logger>[\w.]+): (?P<kind>FAIL|ERROR): (?P<test>.+)$"
)
# a class or module fixture's error, logged by odoo.tests.suite:
# "ERROR: setUpClass (odoo.addons.stock.tests.test_old_rules.TestOldRules)"
FIXTURE_RE = re.compile(
    r"^(?P<fixture>\w+) \(odoo\.addons\.(?P<module>[\w.]+?)(?:\.(?P<cls>[A-Z]\w*))?\)$"
)
# "... odoo.tests.result: 2 failed, 1 error(s) of 1234 tests when loading database 'x'"
SUMMARY_RE = re.compile(
    r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
)
# "... INFO db odoo.addons.purchase_stock.tests.test_x: skipped TestX.test_y : reason"
SKIPPED_RE = re.compile(r" INFO \S+ [\w.]+: skipped \w+\.\w+ : (?P<reason>.*)")
# a test skipped for want of a browser is a failure, not a pass (the modules' own skips, such as
# "Temporary to fast merge new valuation", are theirs to decide)
BROWSER_SKIP_RE = re.compile(r"chrome|chromium|websocket|browser", re.IGNORECASE)
# "... odoo.tests.stats: stock: 812 tests 431.20s 1234567 queries"
POSITIONS_RE = re.compile(
    r"^peer tests of this shard: (?P<at>\d+) at_install, (?P<post>\d+) post_install"
)
STATS_RE = re.compile(
    r"odoo\.tests\.stats: (?P<module>\w+): (?P<count>\d+) tests (?P<time>[\d.]+)s"
)


def this_shard(tests):
    """The tests of this process's shard (PEER_SHARD=index/count, e.g. 0/2): whole test
    classes (their set-up runs once), the largest first, each to the shard holding the fewest
    tests so far; the same deal in every process."""
    index, count = map(int, os.environ.get("PEER_SHARD", "0/1").split("/"))
    sizes = Counter(type(test) for test in tests)
    classes = sorted(sizes, key=lambda cls: (-sizes[cls], cls.__module__, cls.__name__))
    loads = [0] * count
    mine = set()
    for cls in classes:
        shard = loads.index(min(loads))
        loads[shard] += sizes[cls]
        if shard == index:
            mine.add(cls)
    return [test for test in tests if type(test) in mine]


def run(odoo_args):
    from odoo.tests import loader  # noqa: PLC0415
    from odoo.tests.suite import OdooSuite  # noqa: PLC0415

    make_suite = loader.make_suite

    def make_suite_once_loaded(module_names, position="at_install"):
        if position == "at_install":
            # Called by the module loader for each module in turn: nothing yet.
            return OdooSuite([])
        # Called once by preload_registries with every loaded module: both positions.
        at_install = list(make_suite(module_names, "at_install"))
        post_install = list(make_suite(module_names, "post_install"))
        mine = set(this_shard(at_install + post_install))
        at_install = [test for test in at_install if test in mine]
        post_install = [test for test in post_install if test in mine]
        print(
            f"peer tests of this shard: {len(at_install)} at_install, "
            f"{len(post_install)} post_install",
            file=sys.stderr,
            flush=True,
        )
        return OdooSuite(at_install + post_install)

    loader.make_suite = make_suite_once_loaded
    from odoo.cli.command import main  # noqa: PLC0415

    sys.argv = ["odoo", *odoo_args]
    main()


def failure_name(logger, test):
    """`stock.tests.test_move: TestX.test_y` for a test, `...: TestX.setUpClass` for a fixture."""
    test = test.strip()
    if fixture := FIXTURE_RE.match(test):
        where = f"{fixture['cls']}.{fixture['fixture']}" if fixture["cls"] else fixture["fixture"]
        return f"{fixture['module']}: {where}"
    return f"{logger.removeprefix('odoo.addons.')}: {test}"


def parse_logs(paths):
    failures = {}
    totals = {
        "run": 0,
        "failed": 0,
        "errors": 0,
        "skipped": 0,
        "browser_skips": 0,
        "at_install": 0,
        "post_install": 0,
    }
    per_module = {}
    summaries = 0
    for path in paths:
        for line in Path(path).read_text(errors="replace").splitlines():
            if match := FAILURE_RE.match(line):
                failures.setdefault(failure_name(match["logger"], match["test"]), match["kind"])
            elif match := POSITIONS_RE.match(line):
                totals["at_install"] += int(match["at"])
                totals["post_install"] += int(match["post"])
            elif match := SKIPPED_RE.search(line):
                totals["skipped"] += 1
                totals["browser_skips"] += bool(BROWSER_SKIP_RE.search(match["reason"]))
            elif match := SUMMARY_RE.search(line):
                summaries += 1
                for key in ("run", "failed", "errors"):
                    totals[key] += int(match[key])
            elif match := STATS_RE.search(line):
                count, seconds = per_module.get(match["module"], (0, 0.0))
                per_module[match["module"]] = (
                    count + int(match["count"]),
                    seconds + float(match["time"]),
                )
    return failures, totals, per_module, summaries


def read_baseline(path):
    """Test names of the baseline file: `<name>  # reason` lines, blank lines and comments."""
    names = set()
    if not Path(path).exists():
        return names
    for line in Path(path).read_text().splitlines():
        name = line.split("  #", 1)[0].strip()
        if name and not name.startswith("#"):
            names.add(name)
    return names


def report(args):
    failures, totals, per_module, summaries = parse_logs(args.logs)
    for module, (count, seconds) in sorted(per_module.items()):
        print(f"  {module:<24} {count:>5} tests {seconds:>8.1f}s")
    baseline = read_baseline(args.baseline)
    known = sorted(name for name in failures if name in baseline)
    new = sorted(name for name in failures if name not in baseline)
    print(
        f"tests selected: {totals['at_install']} at_install + {totals['post_install']} post_install"
    )
    print(
        f"tests run: {totals['run']}, failed: {len(failures)} "
        f"({totals['failed']} failures, {totals['errors']} errors), "
        f"failed in baseline: {len(known)}, new failures: {len(new)}, skipped: {totals['skipped']}"
    )
    if args.write_candidates:
        Path(args.write_candidates).write_text(
            "".join(f"{name}  # {failures[name]}: reason to fill in\n" for name in sorted(failures))
        )
        print(f"baseline candidates written to {args.write_candidates}")
    ok = True
    if summaries != len(args.logs) or not totals["run"]:
        print("error: a run ended without its test summary (crashed?)", file=sys.stderr)
        ok = False
    if totals["browser_skips"]:
        print(
            f"error: {totals['browser_skips']} test(s) skipped for want of a browser",
            file=sys.stderr,
        )
        ok = False
    if args.write_new:
        Path(args.write_new).write_text("".join(f"{name}\n" for name in new))
    if new and not args.write_candidates:
        print("new failures (absent from the baseline):", file=sys.stderr)
        for name in new:
            print(f"  {name}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


def test_tags(path):
    """`/stock:TestX.test_y` for `stock.tests.test_x: TestX.test_y`, `/stock:TestX` for a
    class fixture (`TestX.setUpClass`)."""
    tags = []
    for name in Path(path).read_text().split("\n"):
        if not name.strip():
            continue
        where, test = name.split(": ", 1)
        module = where.split(".", 1)[0]
        cls, _dot, method = test.partition(".")
        if not cls[:1].isupper():
            continue  # a test module's own fixture: not selectable alone
        tags.append(
            f"/{module}:{cls}" if method.startswith(("setUp", "tearDown")) else f"/{module}:{test}"
        )
    return ",".join(tags)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        return run(sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == "tags":
        print(test_tags(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report")
    rep.add_argument("logs", nargs="+")
    rep.add_argument("--baseline", required=True)
    rep.add_argument("--write-candidates")
    rep.add_argument("--write-new")
    return report(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
