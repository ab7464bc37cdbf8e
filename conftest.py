"""Test policy for the whole repository, whatever the runner collects.

- A skipped test fails: a browser test skipped for want of Chromium or websocket-client, or an
  HttpCase skipped because pytest-odoo ran without --odoo-http, is not a pass.
- An ERROR (or worse) logged by Odoo while a test runs fails that test, as Odoo's own runner
  does. Expected errors are silenced in the test with `odoo.tools.mute_logger`.
"""

import logging

import pytest

# tests/test_test_policy.py runs inner pytest sessions to check this policy
pytest_plugins = ["pytester"]


class OdooErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        if record.name.startswith("odoo"):
            self.records.append(record)


_collector = OdooErrorCollector()


def pytest_configure(config):
    logging.getLogger().addHandler(_collector)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    item.stash[_first_record_key] = len(_collector.records)
    yield


_first_record_key = pytest.StashKey[int]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed here: {reason}"
        return
    if report.when in ("call", "teardown") and report.passed:
        errors = _collector.records[item.stash[_first_record_key] :]
        if errors:
            item.stash[_first_record_key] = len(_collector.records)
            report.outcome = "failed"
            report.longrepr = "errors in the Odoo log during the test:\n" + "\n".join(
                f"{record.name}: {record.getMessage()}" for record in errors
            )


def pytest_sessionfinish(session, exitstatus):
    # Errors logged outside any test (server start, registry load) fail the run as well.
    if _collector.records and session.exitstatus == 0:
        for record in _collector.records:
            print(f"ERROR in Odoo log: {record.name}: {record.getMessage()}")
        session.exitstatus = 1
