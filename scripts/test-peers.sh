#!/usr/bin/env bash
# Peer suites: the own tests of the modules our addons extend, run with our addons installed.
# A hook of ours on a shared model (pickings, tickets, invoices, ...) that breaks a plain user of
# that module shows up here as a peer test failing.
#
# The peer modules and our three addons are installed in a fresh database (no tests), then the
# peers' tests (at_install and post_install, each once) run in a second step once every module is
# loaded, so our overrides are in the registry (see scripts/peer_tests.py). Failures are compared
# with scripts/peer-baseline.txt, the tests that fail WITHOUT our addons: the run fails on any
# test failing only with our addons.
#
#   scripts/test-peers.sh             peers + our addons; fails on a failure absent from the baseline
#   scripts/test-peers.sh --baseline  peers alone; writes every failure to $RUN_DIR/baseline-candidates.txt
#                                     (read each failure, then copy the lines, with the reason,
#                                     into scripts/peer-baseline.txt)
#
# The tests run in several processes side by side, each on its own copy of the database and its
# own HTTP port. Knobs: AFTERSALES_PEERS_SHARDS (processes, default 2), AFTERSALES_PEERS_DB
# (default aftersales_peers), AFTERSALES_PEERS_HTTP_PORT (default 8189; shard n uses
# port + 1 + n; --baseline adds 10 to both and _baseline to the database name).
#
# About 2,080 tests (805 at_install, 1,276 post_install; account's are half of them and half the
# time); the logs, one per shard, are in $CACHE_DIR/peers-run-<mode>/.
set -euo pipefail
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

OURS=(aftersales_service aftersales_warranty aftersales_parts)
PEERS=(helpdesk_mgmt helpdesk_mgmt_sla helpdesk_mgmt_rating base_tier_validation queue_job repair
    repair_service contract
    stock sale_stock purchase_stock account)
# Processes running the tests side by side, each on its own copy of the database: on two cores,
# two processes sharing the test classes in turn (scripts/peer_tests.py) keep both busy to the end.
SHARDS="${AFTERSALES_PEERS_SHARDS:-2}"
PEERS_DB="${AFTERSALES_PEERS_DB:-aftersales_peers}"
PEERS_HTTP_PORT="${AFTERSALES_PEERS_HTTP_PORT:-8189}"
BASELINE_FILE="$REPO_ROOT/scripts/peer-baseline.txt"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*" >&2; }
join_by_comma() { local IFS=,; echo "$*"; }

drop_db() {
    odoo_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
    rm -rf "$CACHE_DIR/data/filestore/$1"
}

# run_shard N: the N-th share of the peers' tests on the N-th copy of the database.
run_shard() {
    local n="$1" db="${PEERS_DB}_$1" conf="$RUN_DIR/odoo-$1.conf" tags=() module
    for module in "${PEERS[@]}"; do tags+=("/$module"); done
    write_odoo_conf "$conf" "$((PEERS_HTTP_PORT + 1 + n))"
    local t0=$SECONDS
    # The exit code is not ours to judge: the log is compared with the baseline below.
    PEER_SHARD="$n/$SHARDS" "$VENV_PY" "$REPO_ROOT/scripts/peer_tests.py" run -c "$conf" -d "$db" \
        --stop-after-init --test-enable --test-tags "$(join_by_comma "${tags[@]}")" \
        --log-level=info >"$RUN_DIR/tests-$n.log" 2>&1 || true
    log "shard $n/$SHARDS: $((SECONDS - t0))s, log $RUN_DIR/tests-$n.log"
}

main() {
    local mode=ours
    case "${1:-}" in
        --baseline) mode=baseline ;;
        "") ;;
        *) die "usage: $0 [--baseline]" ;;
    esac
    cd "$REPO_ROOT"
    bootstrap
    RUN_DIR="$CACHE_DIR/peers-run-$mode"
    mkdir -p "$RUN_DIR"
    rm -f "$RUN_DIR"/tests-*.log "$RUN_DIR/retry.log" "$RUN_DIR/new-failures.txt"
    local conf="$RUN_DIR/odoo.conf" modules=("${PEERS[@]}")
    if [ "$mode" = ours ]; then
        modules+=("${OURS[@]}")
    else
        # Its own database and ports: a baseline may run beside a normal run.
        PEERS_DB="${PEERS_DB}_baseline" PEERS_HTTP_PORT=$((PEERS_HTTP_PORT + 10))
    fi
    write_odoo_conf "$conf" "$PEERS_HTTP_PORT"
    command -v chromium >/dev/null || die "chromium is not on PATH: browser tests would be skipped"

    step "install ($mode): $(join_by_comma "${modules[@]}") in a fresh $PEERS_DB"
    local t0=$SECONDS
    drop_db "$PEERS_DB"
    if ! "$VENV_PY" -m odoo -c "$conf" -d "$PEERS_DB" -i "$(join_by_comma "${modules[@]}")" \
        --stop-after-init --log-level=warn >"$RUN_DIR/install.log" 2>&1; then
        tail -n 40 "$RUN_DIR/install.log" >&2
        die "installing the modules failed (log: $RUN_DIR/install.log)"
    fi
    log "installed in $((SECONDS - t0))s"

    step "tests of ${PEERS[*]} in $SHARDS processes"
    local n pids=()
    for ((n = 0; n < SHARDS; n++)); do
        drop_db "${PEERS_DB}_$n"
        odoo_psql -c "CREATE DATABASE \"${PEERS_DB}_$n\" TEMPLATE \"$PEERS_DB\""
        if [ -d "$CACHE_DIR/data/filestore/$PEERS_DB" ]; then
            cp -a "$CACHE_DIR/data/filestore/$PEERS_DB" "$CACHE_DIR/data/filestore/${PEERS_DB}_$n"
        fi
    done
    t0=$SECONDS
    for ((n = 0; n < SHARDS; n++)); do
        run_shard "$n" &
        pids+=($!)
    done
    for n in "${pids[@]}"; do wait "$n"; done
    log "tests ran in $((SECONDS - t0))s"

    step "results ($mode)"
    local report_args=(--baseline "$BASELINE_FILE")
    if [ "$mode" = baseline ]; then
        report_args+=(--write-candidates "$RUN_DIR/baseline-candidates.txt")
    fi
    report_args+=(--write-new "$RUN_DIR/new-failures.txt")
    if "$VENV_PY" "$REPO_ROOT/scripts/peer_tests.py" report "$RUN_DIR"/tests-*.log \
        "${report_args[@]}"; then
        return
    fi
    [ "$mode" = ours ] && [ -s "$RUN_DIR/new-failures.txt" ] || die "the peer suites failed"
    retry_new_failures
}

# A test failing only with our addons runs once more, alone on the first copy of the database:
# a browser tour of the peers can time out on a loaded 2-core machine (seen with stock's
# detailed-operations tour). Failing again fails the run; passing is reported as flaky.
retry_new_failures() {
    local tags
    tags="$("$VENV_PY" "$REPO_ROOT/scripts/peer_tests.py" tags "$RUN_DIR/new-failures.txt")"
    [ -n "$tags" ] || die "new failures that cannot be run again alone"
    step "retry: $tags"
    PEER_SHARD=0/1 "$VENV_PY" "$REPO_ROOT/scripts/peer_tests.py" run -c "$RUN_DIR/odoo-0.conf" \
        -d "${PEERS_DB}_0" --stop-after-init --test-enable --test-tags "$tags" \
        --log-level=info >"$RUN_DIR/retry.log" 2>&1 || true
    if ! "$VENV_PY" "$REPO_ROOT/scripts/peer_tests.py" report "$RUN_DIR/retry.log" \
        --baseline "$BASELINE_FILE"; then
        die "failing again when run alone: see $RUN_DIR/retry.log"
    fi
    log "passed when run again alone (flaky under load): $(paste -sd, "$RUN_DIR/new-failures.txt")"
}

main "$@"
