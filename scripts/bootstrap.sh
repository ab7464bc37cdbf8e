#!/usr/bin/env bash
# Bring this machine to a working Odoo 19 stack for the after-sales addons.
#
# Sourced by scripts/run.sh and scripts/test.sh; can also be run on its own.
# Every step checks before it acts, so a second run only re-checks (a few seconds).
#
# Knobs (environment variables):
#   AFTERSALES_CACHE   cache folder (default ~/.cache/aftersales): downloads, virtualenv, filestore
#   AFTERSALES_PYTHON  interpreter for the virtualenv (default python3, CPython >= 3.10)
#   ODOO_PATH          folder holding an existing Odoo 19 `odoo` package (source checkout or
#                      site-packages); when unset, an Odoo 19 importable by AFTERSALES_PYTHON is used,
#                      else Debian's odoo-19 package is fetched from suite sid
#   ODOO_DEB_VERSION   Debian package version to fetch (default: the one pinned below)
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  use that PostgreSQL server instead of the local cluster
set -euo pipefail
shopt -s inherit_errexit

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${AFTERSALES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aftersales}"
VENV_DIR="$CACHE_DIR/venv"
VENV_PY="$VENV_DIR/bin/python"
# Odoo renders module descriptions with docutils, which would print their markup warnings.
export DOCUTILSCONFIG="$REPO_ROOT/scripts/docutils.conf"
PYTHON="${AFTERSALES_PYTHON:-python3}"

# The Debian package this project was built and tested with. Sid moves: when it stops offering
# this version, either point ODOO_PATH at an existing Odoo 19 or set ODOO_DEB_VERSION to the
# version sid offers (the bootstrap says which) and run the tests.
ODOO_DEB_VERSION="${ODOO_DEB_VERSION:-19.0.0+dfsg-1}"

# Debian packages providing the files the Debian odoo-19 build symlinks into /usr/share.
DEB_ASSET_PACKAGES=(libjs-jquery libjs-underscore libjs-jquery-form fonts-font-awesome
    fonts-roboto-unhinted fonts-inconsolata fonts-ocr-b)

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bootstrap] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=""
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# --- system packages --------------------------------------------------------------------------
ensure_system_packages() {
    # Build headers for psycopg2, libmagic for python-magic, the JS/fonts Odoo's Debian build links
    # to, Chromium for browser tests and wkhtmltopdf for PDF reports (certificates, claim reports),
    # and the fonts those PDFs need in Vietnamese (DejaVu) and Chinese (Noto CJK).
    apt_install libpq-dev libmagic1 gcc python3-dev postgresql-client chromium wkhtmltopdf \
        fonts-dejavu-core fonts-noto-cjk "${DEB_ASSET_PACKAGES[@]}"
}

# --- Odoo ---------------------------------------------------------------------------------------
# Prints the folder holding the `odoo` package of an Odoo 19 the user already has, if any.
existing_odoo_path() {
    if [ -n "${ODOO_PATH:-}" ]; then
        [ -f "$ODOO_PATH/odoo/release.py" ] || die "ODOO_PATH=$ODOO_PATH holds no odoo/release.py"
        echo "$ODOO_PATH"
        return
    fi
    "$PYTHON" - <<'PY' 2>/dev/null || true
import os
import odoo.release

if odoo.release.version_info[0] == 19:
    print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.release.__file__))))
PY
}

# apt-get with a private configuration naming suite sid: never touches the system's sources.
sid_apt() {
    local dir="$CACHE_DIR/apt-sid"
    mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/etc/sources.list.d" "$dir/etc/preferences.d"
    if [ ! -s "$dir/etc/sources.list" ]; then
        local mirror keyring
        mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
        keyring=/usr/share/keyrings/debian-archive-keyring.gpg
        echo "deb [signed-by=$keyring] $mirror sid main" >"$dir/etc/sources.list"
    fi
    apt-get -q -o Dir::Etc::SourceList="$dir/etc/sources.list" \
        -o Dir::Etc::SourceParts="$dir/etc/sources.list.d" \
        -o Dir::Etc::Preferences="$dir/etc/preferences" \
        -o Dir::Etc::PreferencesParts="$dir/etc/preferences.d" \
        -o Dir::State::Lists="$dir/lists" -o Dir::Cache::Archives="$dir/archives" \
        -o Dir::Cache="$dir" -o APT::Sandbox::User=root "$@"
}

# The Debian archive this machine's apt is configured with (so no mirror is hard-coded here).
debian_mirror() {
    local uri
    uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -v security | head -n1 || true)"
    [ -n "$uri" ] || uri="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null \
        | awk '{print $2}' | grep -v security | head -n1 || true)"
    [ -n "$uri" ] || die "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"
    echo "$uri"
}

# Downloads PACKAGE=VERSION from sid into the cache (once) and prints the .deb's path.
# apt verifies the file against the signed index; we check it again against the SHA256 apt reports.
fetch_sid_deb() {
    local pkg="$1" version="$2" debdir="$CACHE_DIR/debs"
    mkdir -p "$debdir"
    local deb
    deb="$(find "$debdir" -maxdepth 1 -name "${pkg}_${version}_*.deb" | head -n1)"
    if [ -n "$deb" ] && [ -f "$deb.sha256" ] && (cd "$debdir" && sha256sum -c --status "$deb.sha256"); then
        echo "$deb"
        return
    fi
    log "fetching Debian package $pkg $version from suite sid"
    sid_apt update -qq >&2
    local offered
    offered="$(sid_apt_cache policy "$pkg" | awk '/Candidate:/ {print $2}')"
    if ! sid_apt_cache show "$pkg=$version" >/dev/null 2>&1; then
        die "Debian sid no longer offers $pkg $version (it offers: ${offered:-nothing}).
  Either point ODOO_PATH at an existing Odoo 19, or accept sid's version with
  ODOO_DEB_VERSION=$offered and run the tests."
    fi
    local expected
    expected="$(sid_apt_cache show "$pkg=$version" | awk '/^SHA256:/ {print $2; exit}')"
    (cd "$debdir" && sid_apt download -qq "$pkg=$version" >&2)
    deb="$(find "$debdir" -maxdepth 1 -name "${pkg}_${version}_*.deb" | head -n1)"
    [ -n "$deb" ] || die "apt-get download $pkg=$version left no .deb in $debdir"
    echo "$expected  $(basename "$deb")" >"$deb.sha256"
    (cd "$debdir" && sha256sum -c --status "$deb.sha256") || { rm -f "$deb"; die "checksum mismatch for $deb"; }
    echo "$deb"
}
sid_apt_cache() {
    local dir="$CACHE_DIR/apt-sid"
    apt-cache -o Dir::Etc::SourceList="$dir/etc/sources.list" \
        -o Dir::Etc::SourceParts="$dir/etc/sources.list.d" \
        -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir" "$@"
}

# Unpacks Debian's odoo-19 into the cache once and fills the gaps of the Debian build.
# Prints the site-packages-like folder holding `odoo` and `odoo-19.0.egg-info`.
unpacked_debian_odoo() {
    local root="$CACHE_DIR/odoo-deb/$ODOO_DEB_VERSION"
    local site="$root/usr/lib/python3/dist-packages"
    if [ ! -f "$root/.complete" ]; then
        local deb montserrat
        deb="$(fetch_sid_deb odoo-19 "$ODOO_DEB_VERSION")"
        montserrat="$(fetch_sid_deb fonts-montserrat "$(sid_montserrat_version)")"
        rm -rf "$root" "$root.fonts"
        mkdir -p "$root" "$root.fonts"
        log "unpacking $(basename "$deb")"
        dpkg-deb -x "$deb" "$root"
        dpkg-deb -x "$montserrat" "$root.fonts"
        repoint_debian_symlinks "$root"
        # Debian strips this non-free minified file (video-call background blur); the backend
        # asset bundle still names it, so an empty placeholder keeps the bundle whole.
        local selfie="$site/odoo/addons/mail/static/lib/selfie_segmentation/selfie_segmentation.js"
        mkdir -p "$(dirname "$selfie")"
        [ -e "$selfie" ] || : >"$selfie"
        touch "$root/.complete"
    fi
    echo "$site"
}
sid_montserrat_version() {
    local v
    v="$(sid_apt_cache policy fonts-montserrat 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
        sid_apt update -qq >&2
        v="$(sid_apt_cache policy fonts-montserrat | awk '/Candidate:/ {print $2}')"
    fi
    echo "$v"
}

# The Debian build links jquery, fonts, ... into /usr/share with relative links that only resolve
# at the package's installed location: point each at its absolute target (Montserrat, absent from
# bookworm, at the copy unpacked from sid's fonts-montserrat).
repoint_debian_symlinks() {
    local root="$1" link target abs broken=0
    while IFS= read -r -d '' link; do
        target="$(readlink "$link")"
        abs="$(realpath -m "$(dirname "${link#"$root"}")/$target")"
        if [ ! -e "$abs" ] && [ -e "$root.fonts$abs" ]; then
            abs="$root.fonts$abs"
        fi
        if [ -e "$abs" ]; then
            ln -sfn "$abs" "$link"
        else
            log "warning: $link points at missing $abs"
            broken=$((broken + 1))
        fi
    done < <(find "$root/usr/lib/python3/dist-packages/odoo" -type l -print0)
    [ "$broken" -eq 0 ] || log "warning: $broken links of the Debian build stay broken"
}

# --- virtualenv -------------------------------------------------------------------------------
requirements_hash() {
    cat "$REPO_ROOT"/requirements*.txt <(echo "$1") | sha256sum | cut -c1-16
}

ensure_venv() {
    local odoo_site stamp
    odoo_site="$(existing_odoo_path)"
    local odoo_origin="existing:$odoo_site"
    if [ -z "$odoo_site" ]; then
        odoo_site="$(unpacked_debian_odoo)"
        odoo_origin="debian:$ODOO_DEB_VERSION"
    fi
    stamp="$VENV_DIR/.aftersales-$(requirements_hash "$odoo_origin")"
    if [ -f "$stamp" ] && "$VENV_PY" -c "import odoo.release" 2>/dev/null; then
        return
    fi
    log "building the virtualenv in $VENV_DIR (Odoo from $odoo_origin)"
    rm -rf "$VENV_DIR"
    "$PYTHON" -m venv "$VENV_DIR"
    local site
    site="$("$VENV_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    if [ "${odoo_origin%%:*}" = debian ]; then
        # Hard links: cheap, and pip writes the OCA addons into the venv's own folders, never into
        # the cached copy.
        cp -al "$odoo_site/odoo" "$site/odoo"
        cp -al "$odoo_site"/odoo-19*.egg-info "$site/"
    else
        echo "$odoo_site" >"$site/aftersales-odoo.pth"
    fi
    pip_install --upgrade pip==24.3.1 wheel==0.45.1 setuptools==75.6.0
    pip_install -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/requirements-dev.txt"
    pip_install --no-deps -r "$REPO_ROOT/requirements-oca.txt"
    "$VENV_PY" -c "import odoo.release; assert odoo.release.version_info[0] == 19, odoo.release.version"
    touch "$stamp"
}

# pip, without the noise of index folders this machine's pip configuration names but lacks.
pip_install() {
    "$VENV_PY" -m pip install -q "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

# Folder holding the OCA addons pip installed (inside the venv's odoo/addons namespace).
venv_addons_dir() {
    "$VENV_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"] + "/odoo/addons")'
}

# --- PostgreSQL -------------------------------------------------------------------------------
# Sets DB_HOST, DB_PORT, DB_USER, DB_PASSWORD for Odoo.
ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        if pg_isready -q; then
            DB_HOST="$PGHOST" DB_PORT="${PGPORT:-5432}" DB_USER="${PGUSER:-odoo}"
            DB_PASSWORD="${PGPASSWORD:-odoo}"
            log "using PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER"
            return
        fi
        log "PGHOST=$PGHOST does not answer; falling back to the local cluster"
    fi
    command -v pg_lsclusters >/dev/null || apt_install postgresql
    local version cluster port status
    if [ -z "$(pg_lsclusters -h)" ]; then
        version="$(ls /usr/lib/postgresql | sort -n | tail -n1)"
        log "creating PostgreSQL cluster $version/main"
        as_root pg_createcluster "$version" main >/dev/null
    fi
    read -r version cluster port status _ < <(pg_lsclusters -h | head -n1)
    if [ "$status" != online ]; then
        log "starting PostgreSQL $version/$cluster"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    fi
    DB_HOST=127.0.0.1 DB_PORT="$port" DB_USER=odoo DB_PASSWORD=odoo
    local exists
    exists="$(as_root su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'odoo'\"")"
    if [ "$exists" != 1 ]; then
        log "creating PostgreSQL login role odoo"
        as_root su postgres -c "psql -q -p $port -c \"CREATE ROLE odoo LOGIN CREATEDB PASSWORD 'odoo'\""
    fi
}

# psql as Odoo's role, for database housekeeping.
odoo_psql() {
    PGPASSWORD="$DB_PASSWORD" PGOPTIONS="--client-min-messages=warning" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qtA "$@"
}

database_exists() {
    [ "$(odoo_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# --- Odoo configuration -----------------------------------------------------------------------
# write_odoo_conf FILE HTTP_PORT: the configuration both commands pass to Odoo.
write_odoo_conf() {
    local file="$1" http_port="$2"
    mkdir -p "$(dirname "$file")" "$CACHE_DIR/data"
    cat >"$file" <<EOF
[options]
addons_path = $REPO_ROOT/addons,$(venv_addons_dir)
data_dir = $CACHE_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
http_port = $http_port
http_interface = 127.0.0.1
list_db = False
EOF
}

# create_demo_database CONF DB LANGUAGES [ODOO ARGS...]: a new database DB with the after-sales
# addons, their demo data and LANGUAGES, whose main company is a Vietnamese maker keeping its books in
# VND. The company's country and chart must be Vietnamese before the addons install (see
# scripts/demo_company.py); ODOO ARGS go to the install of the addons (e.g. a log level).
create_demo_database() {
    local conf="$1" db="$2" languages="$3"
    shift 3
    # chained: callers may run this where errexit does not apply (`if ! create_demo_database`)
    "$VENV_PY" -m odoo db -c "$conf" init "$db" --with-demo --country VN &&
        "$VENV_PY" -m odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
            <"$REPO_ROOT/scripts/demo_company.py" &&
        "$VENV_PY" -m odoo -c "$conf" -d "$db" -i aftersales_service,aftersales_warranty,aftersales_parts \
            --load-language="$languages" --stop-after-init "$@"
}

bootstrap() {
    mkdir -p "$CACHE_DIR"
    ensure_system_packages
    ensure_venv
    ensure_postgres
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    bootstrap
    log "ready: $("$VENV_PY" -m odoo --version) in $VENV_DIR"
fi
