#!/usr/bin/env bash
# The project's test command: bootstrap, lint, install checks, then every test of the three
# addons and of tests/ against a fresh database, and the demo users' tours (tests/demo) against a
# fresh database with the demo data. Exits non-zero on any failure, on any error in
# Odoo's log, and on any skipped test (a browser test skipped for want of Chromium or
# websocket-client included).
#
# Then the peer modules' own suites with our addons installed (scripts/test-peers.sh).
#
# Extra arguments go to pytest, e.g. `scripts/test.sh -k tour` (lint, install checks and the peer
# suites still run).
set -euo pipefail
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

MODULES=(aftersales_service aftersales_warranty aftersales_parts)
TEST_DB="${AFTERSALES_TEST_DB:-aftersales_test}"
# The demo database, made as scripts/run.sh makes it (create_demo_database), for the demo users'
# tours (tests/demo): English first, Odoo makes the first language the database's default.
DEMO_DB="${TEST_DB}_demo"
LANGUAGES=en_US,vi_VN,zh_CN,ms_MY
TEST_HTTP_PORT="${AFTERSALES_TEST_HTTP_PORT:-8169}"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*" >&2; }
join_by_comma() { local IFS=,; echo "$*"; }

# Lines of an Odoo log that fail the run: errors, and models left without access rules.
fail_on_log_errors() {
    local log="$1" bad
    bad="$(grep -E ' (ERROR|CRITICAL) |no access rules, consider adding one' "$log" || true)"
    if [ -n "$bad" ]; then
        echo "$bad" >&2
        die "errors in the Odoo log $log"
    fi
}

drop_db() {
    odoo_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
    rm -rf "$CACHE_DIR/data/filestore/$1"
}

# install_in_fresh_db DB MODULES [ODOO ARGS...]: (re)creates DB with MODULES installed.
install_in_fresh_db() {
    local db="$1" modules="$2" logfile="$RUN_DIR/install-$1.log"
    shift 2
    drop_db "$db"
    if ! "$VENV_PY" -m odoo -c "$CONF" -d "$db" -i "$modules" --stop-after-init \
        --log-level=info "$@" >"$logfile" 2>&1; then
        tail -n 40 "$logfile" >&2
        die "installing $modules in $db failed (log: $logfile)"
    fi
    fail_on_log_errors "$logfile"
    log "installed $modules in $db"
}

# demo_in_fresh_db DB: (re)creates DB as scripts/run.sh creates its database (create_demo_database).
demo_in_fresh_db() {
    local db="$1" logfile="$RUN_DIR/install-$1.log"
    drop_db "$db"
    if ! (create_demo_database "$CONF" "$db" "$LANGUAGES" --log-level=info) >"$logfile" 2>&1; then
        tail -n 40 "$logfile" >&2
        die "creating the demo database $db failed (log: $logfile)"
    fi
    fail_on_log_errors "$logfile"
    log "created the demo database $db"
}

main() {
    cd "$REPO_ROOT"
    bootstrap
    RUN_DIR="$CACHE_DIR/test-run"
    CONF="$RUN_DIR/odoo.conf"
    mkdir -p "$RUN_DIR"
    write_odoo_conf "$CONF" "$TEST_HTTP_PORT"

    step "lint: ruff"
    "$VENV_DIR/bin/ruff" check .
    "$VENV_DIR/bin/ruff" format --check .
    "$VENV_PY" scripts/addon_readme.py --check

    step "lint: pylint-odoo mandatory checks"
    "$VENV_PY" -m pylint --rcfile=.pylintrc-mandatory addons/*

    step "browser test prerequisites"
    command -v chromium >/dev/null || die "chromium is not on PATH: browser tests would be skipped"
    "$VENV_PY" -c "import websocket" || die "websocket-client is missing: browser tests would be skipped"

    step "install: each addon on its own with demo data, all three together, and the demo"
    # The two addons that do not depend on each other install alone (each pulls in
    # aftersales_service); they run side by side with the test database's install.
    local pids=()
    install_in_fresh_db "${TEST_DB}_warranty_alone" aftersales_warranty --with-demo & pids+=($!)
    install_in_fresh_db "${TEST_DB}_parts_alone" aftersales_parts --with-demo & pids+=($!)
    install_in_fresh_db "$TEST_DB" "$(join_by_comma "${MODULES[@]}")" & pids+=($!)
    demo_in_fresh_db "$DEMO_DB" & pids+=($!)
    local failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    [ "$failed" = 0 ] || die "an install check failed"

    step "tests: pytest (Odoo tests with an HTTP server and browser, plus tests/)"
    "$VENV_PY" -m pytest --odoo-config="$CONF" --odoo-database="$TEST_DB" --odoo-http \
        addons tests --ignore=tests/demo "$@"

    step "tests on the demo database: the demo users' tours"
    "$VENV_PY" -m pytest --odoo-config="$CONF" --odoo-database="$DEMO_DB" --odoo-http tests/demo

    step "peer suites: the peer modules' own tests with our addons installed"
    "$REPO_ROOT/scripts/test-peers.sh"
}

main "$@"
