#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster: `scripts/pg.sh CMD ARGS...`
#
# Installs Debian's postgresql when it is missing (as root), starts a cluster
# in a temporary directory on a free loopback port (as the postgres user when
# run as root: initdb refuses root), creates the database indeks_test, runs
# CMD with IX_TEST_PG=postgresql://... in its environment, and stops and
# removes the cluster afterwards, whatever CMD's outcome. Exits with CMD's
# status. When PostgreSQL cannot be had, CMD runs without IX_TEST_PG (the
# PostgreSQL tests then skip) and a message says so.
set -u
[ $# -ge 1 ] || { echo "usage: scripts/pg.sh CMD [ARGS...]" >&2; exit 2; }

pgbin=""
find_pgbin() {
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && pgbin=$d
    done
}
find_pgbin
if [ -z "$pgbin" ] && [ "$(id -u)" = 0 ]; then
    echo "pg.sh: installing Debian's postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; }
    find_pgbin
fi
if [ -z "$pgbin" ]; then
    echo "pg.sh: no PostgreSQL (apt-get install postgresql): running without it, its tests skip"
    exec "$@"
fi

as_pg() { # runs a command as the cluster's owner
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d /tmp/indeks-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
cleanup() {
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! as_pg "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
    echo "pg.sh: initdb failed:"; cat "$dir/initdb.log"; exit 1
fi
port=""
for try in 1 2 3 4 5 6 7 8; do
    p=$(( 40000 + ($$ * 7 + try * 1009) % 20000 ))
    if as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-p $p -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off" \
         start >/dev/null 2>&1; then
        port=$p; break
    fi
done
if [ -z "$port" ]; then
    echo "pg.sh: PostgreSQL did not start:"; tail -20 "$dir/server.log"; exit 1
fi
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres indeks_test || exit 1
IX_TEST_PG="postgresql://postgres@127.0.0.1:$port/indeks_test"
export IX_TEST_PG
echo "pg.sh: PostgreSQL $("$pgbin/postgres" --version | sed 's/^[^0-9]*\([0-9.]*\).*/\1/') on 127.0.0.1:$port (IX_TEST_PG)"
"$@"
status=$?
exit $status
