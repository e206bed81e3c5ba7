# scripts/lib.sh - shared by scripts/test and scripts/demo. Sourced, not run.
#
# Each command installs what it needs (Debian packages, as root) and starts
# what it needs (a private PostgreSQL cluster when DATABASE_URL is unset).

VH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VH_VAR=${VH_VAR:-$VH_ROOT/var}          # private state: database, built coder
VH_JOBS=${VH_JOBS:-$(nproc 2>/dev/null || echo 2)}

VH_PACKAGES="build-essential cmake pkg-config clang libclang-rt-14-dev
 libcurl4-openssl-dev libxml2-dev libgumbo-dev libjansson-dev libpq-dev
 postgresql postgresql-contrib libfasttext-dev fasttext libcmocka-dev libinih-dev
 libmicrohttpd-dev libsystemd-dev zlib1g-dev valgrind"

vh_log() { printf '==> %s\n' "$*" >&2; }
vh_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install the Debian packages that are missing (only root can).
vh_ensure_packages() {
    local missing=() p
    for p in $VH_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        vh_die "missing Debian packages: ${missing[*]} (run as root, or install them)"
    fi
    vh_log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || vh_die "apt-get install failed for: ${missing[*]}"
}

# The reference data: $VACANCY_DATA_DIR, else ../shared/reference beside the repo.
vh_data_dir() {
    if [ -z "${VACANCY_DATA_DIR:-}" ] && [ -d "$VH_ROOT/../shared/reference" ]; then
        VACANCY_DATA_DIR=$(cd "$VH_ROOT/../shared/reference" && pwd)
    fi
    [ -n "${VACANCY_DATA_DIR:-}" ] && [ -d "$VACANCY_DATA_DIR/soc" ] \
        || vh_die "no reference data: set VACANCY_DATA_DIR (see README, 'Data sources')"
    export VACANCY_DATA_DIR
}

# Configure and build into $1 with extra cmake arguments.
vh_build() {
    local dir=$1; shift
    cmake -S "$VH_ROOT" -B "$dir" "$@" >/dev/null || vh_die "cmake configure failed"
    cmake --build "$dir" -j "$VH_JOBS" -- --no-print-directory >/dev/null \
        || { cmake --build "$dir" -j 1 2>&1 | tail -40; vh_die "build failed"; }
}

# Build the SOC coder (index and classifier) into $VACANCY_CODER_DIR unless
# it is there already for this index and this build of vacancyctl.
vh_coder() {
    local ctl=$1 stamp
    stamp=$(ls "$VACANCY_DATA_DIR"/soc/soc2020_coding_index_*.csv | tail -1; md5sum <"$ctl")
    if [ -f "$VACANCY_CODER_DIR/model.tsv" ] && [ "$(cat "$VACANCY_CODER_DIR/.stamp" 2>/dev/null)" = "$stamp" ]; then
        vh_log "SOC coder in $VACANCY_CODER_DIR is up to date"
        return 0
    fi
    vh_log "training the SOC coder into $VACANCY_CODER_DIR (about three minutes)"
    "$ctl" model train || vh_die "model train failed"
    echo "$stamp" >"$VACANCY_CODER_DIR/.stamp"
}

# --- private PostgreSQL cluster ------------------------------------------------
# initdb + pg_ctl under $VH_VAR/pg, Unix socket only (listen_addresses = '').
# PostgreSQL refuses to run as root, so as root it runs as the postgres user.
vh_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

vh_pg_as() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

vh_pg_start() {
    if [ -n "${DATABASE_URL:-}" ]; then
        vh_log "using DATABASE_URL"
        return 0
    fi
    local bin pgdir=$VH_VAR/pg
    bin=$(vh_pg_bin) || true
    [ -n "$bin" ] || vh_die "PostgreSQL server binaries not found"
    mkdir -p "$pgdir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
    if [ ! -f "$pgdir/data/PG_VERSION" ]; then
        vh_pg_as "$bin/initdb" -D "$pgdir/data" -U vacancy --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
            || { cat "$pgdir/initdb.log"; vh_die "initdb failed"; }
    fi
    if ! vh_pg_as "$bin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
        vh_pg_as "$bin/pg_ctl" -D "$pgdir/data" -w -l "$pgdir/server.log" \
            -o "-c listen_addresses='' -c unix_socket_directories='$pgdir'" start >/dev/null \
            || { tail -20 "$pgdir/server.log"; vh_die "PostgreSQL did not start"; }
    fi
    vh_pg_as "$bin/psql" -h "$pgdir" -U vacancy -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'vacancy'" | grep -q 1 \
        || vh_pg_as "$bin/createdb" -h "$pgdir" -U vacancy vacancy
    export DATABASE_URL="postgresql:///vacancy?host=$pgdir&user=vacancy"
    export VH_PG_BIN=$bin VH_PG_DIR=$pgdir
}

vh_pg_stop() {
    [ -n "${VH_PG_DIR:-}" ] || return 0
    vh_pg_as "$VH_PG_BIN/pg_ctl" -D "$VH_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
