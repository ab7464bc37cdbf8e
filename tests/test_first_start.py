"""The first start of `scripts/run.sh` logs no error: a fresh database with the demo data, the
languages and the server's first round of scheduled actions (the procurement scheduler, the
daily parts forecast and its queued jobs), as a new user sees it.

Takes a few minutes: the database is created as run.sh creates it, named after the test database
with the suffix `_first_start`, and dropped at the end.
"""

import os
import signal
import socket
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from odoo import sql_db
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parent.parent
#: Scheduled actions whose end closes the first round worth checking.
LAST_JOBS = ("'Procurement: run scheduler'", "'Spare Parts: daily forecast of every spare part'")
BAD_LINES = (" ERROR ", " CRITICAL ", "Traceback", "(ERROR/", "(WARNING/", "(SEVERE/")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(log_file, done, process, timeout):
    """The log once ``done(text)`` holds; fails when run.sh stops or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        text = log_file.read_text(errors="replace")
        if done(text):
            return text
        if process.poll() is not None:
            pytest.fail(f"run.sh stopped (exit {process.returncode}):\n{text[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the first start took more than {timeout}s:\n{text[-4000:]}")
        time.sleep(2)


def jobs_ended(text):
    """Each of LAST_JOBS has run to its end (done or failed)."""
    lines = text.splitlines()
    return all(
        any(job in line and ("fully done" in line or "failed" in line) for line in lines)
        for job in LAST_JOBS
    )


def drop_database(name):
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))


@pytest.fixture
def first_start_db(request):
    name = f"{request.config.getoption('--odoo-database')}_first_start"
    drop_database(name)
    yield name
    drop_database(name)


def test_the_first_start_logs_no_error(first_start_db, tmp_path):
    log_file = tmp_path / "run.log"
    env = dict(os.environ, AFTERSALES_DB=first_start_db, AFTERSALES_HTTP_PORT=str(free_port()))
    with log_file.open("w") as log:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        wait_for(log_file, lambda text: "HTTP service" in text, process, timeout=900)
        wait_for(log_file, jobs_ended, process, timeout=300)
        # let the forecast jobs queued by the daily run finish
        time.sleep(20)
        text = log_file.read_text(errors="replace")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    bad = [line for line in text.splitlines() if any(mark in line for mark in BAD_LINES)]
    assert not bad, "\n".join(bad)
