"""The repository's conftest.py turns skips and errors in Odoo's log into failures."""

from pathlib import Path

CONFTEST = (Path(__file__).resolve().parent.parent / "conftest.py").read_text()


def run_inner_session(pytester, test_source):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_source)
    # The inner sessions need no database: pytest-odoo stays out of them.
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:odoo")


def test_a_skipped_browser_test_fails_the_run(pytester):
    result = run_inner_session(
        pytester,
        """
        import pytest

        def test_tour():
            pytest.skip("Chrome executable not found")

        def test_other():
            assert True
        """,
    )
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*skipped tests are not allowed here*Chrome executable*"])
    assert result.ret != 0


def test_an_error_in_the_odoo_log_fails_the_test(pytester):
    result = run_inner_session(
        pytester,
        """
        import logging

        def test_logs_an_error():
            logging.getLogger("odoo.addons.some_addon").error("Could not compute the coverage")

        def test_logs_a_warning_only():
            logging.getLogger("odoo.addons.some_addon").warning("Slow query")

        def test_other_library_errors_are_not_ours():
            logging.getLogger("urllib3").error("connection reset")
        """,
    )
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        ["*errors in the Odoo log during the test*", "*Could not compute the coverage*"]
    )
