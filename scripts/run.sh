#!/usr/bin/env bash
# The project's run command: bootstrap, create (once) a database with the three after-sales addons
# and their demo data, then serve Odoo on http://localhost:8069. A second run reuses the database
# and upgrades the addons. Extra arguments go to Odoo (e.g. `scripts/run.sh --dev=xml`).
set -euo pipefail
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

MODULES=aftersales_service,aftersales_warranty,aftersales_parts
# The languages of the demo's customers, with our addons' translations; English first, since Odoo
# makes the first one the database's default language.
LANGUAGES=en_US,vi_VN,zh_CN,ms_MY
DB="${AFTERSALES_DB:-aftersales}"
HTTP_PORT="${AFTERSALES_HTTP_PORT:-8069}"

addons_installed() {
    database_exists "$DB" && [ "$(PGDATABASE="$DB" odoo_psql -d "$DB" -c \
        "SELECT count(*) FROM ir_module_module
         WHERE name IN ('aftersales_service', 'aftersales_warranty', 'aftersales_parts')
           AND state = 'installed'" 2>/dev/null)" = 3 ]
}

main() {
    bootstrap
    # one file per database and port, so two instances started side by side keep their own
    local conf="$CACHE_DIR/run/odoo-$DB-$HTTP_PORT.conf"
    write_odoo_conf "$conf" "$HTTP_PORT"
    # The queue_job runner starts with the server, so forecast runs and other jobs get done.
    echo "server_wide_modules = base,web,queue_job" >>"$conf"

    if addons_installed; then
        log "upgrading the after-sales addons in database $DB"
        "$VENV_PY" -m odoo -c "$conf" -d "$DB" -u "$MODULES" --load-language="$LANGUAGES" \
            --stop-after-init --log-level=warn
    else
        if database_exists "$DB"; then
            log "database $DB exists without the after-sales addons (an interrupted first run?): recreating it"
            odoo_psql -c "DROP DATABASE \"$DB\" WITH (FORCE)"
        fi
        log "creating database $DB with the after-sales addons and demo data (up to 15 minutes)"
        create_demo_database "$conf" "$DB" "$LANGUAGES" --log-level=warn
    fi

    cat >&2 <<EOF

    After-Sales is starting on  http://localhost:$HTTP_PORT   (demo data; database $DB)
    Log in as (password = login)
      admin            administrator
      agent            service agent: service requests
      technician       field technician: visits
      service_manager  service manager: strategies, SLAs, plans
      warranty         warranty user: files claims
      approver         warranty approver
      manager          after-sales manager: approves claims, warranty and service settings
      planner          spare-parts planner: forecasts, reordering rules
      customer         customer on the portal (Saigon Smile Dental Clinic)
    Stop with Ctrl+C.

EOF
    exec "$VENV_PY" -m odoo -c "$conf" -d "$DB" --db-filter="^$DB\$" "$@"
}

main "$@"
