#!/bin/sh
# Installs the Debian 12 packages indeks needs, only those that are missing.
# Run as root on a fresh machine (the README's commands do this for you).
set -eu
need="cmake make gcc clang pkg-config libjansson-dev libcmocka-dev libclang-rt-14-dev libxml2-dev libxlsxwriter-dev libcairo2-dev fonts-dejavu-core libsqlite3-dev sqlite3 libpq-dev libssl-dev libcjose-dev libcurl4-openssl-dev libmicrohttpd-dev zlib1g-dev curl unzip chromium valgrind cppcheck clang-tidy python3 wrk"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "indeks: installing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "indeks: run as root, or install them yourself: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
