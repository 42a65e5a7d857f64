#!/bin/sh
# Runs one command-level case: tests/data/<case>/cmd is a shell script run in a
# fresh temporary directory with $INDEKS (the command), $CASE (the case's
# folder), $ROOT (the repository) and $SHARED (../shared) set.
# Expectations, each optional, as files in the case folder:
#   status          the exit status (default 0)
#   stdout          standard output, byte for byte
#   stderr          lines that must each appear in standard error (grep -F)
#   absent          file names that must not exist afterwards (nothing lost)
#   needs_shared    skip (exit 77) when ../shared/data is absent
set -u
INDEKS=$1
CASE=$(cd "$2" && pwd)
ROOT=$(pwd)
SHARED=$ROOT/../shared
export INDEKS CASE ROOT SHARED
if [ -f "$CASE/needs_shared" ] && [ ! -d "$SHARED/data" ]; then
    echo "skipped: $SHARED/data is absent"
    exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && sh "$CASE/cmd") >"$TMP/.stdout" 2>"$TMP/.stderr"
rc=$?
want=0
[ -f "$CASE/status" ] && want=$(cat "$CASE/status")
fail=0
if [ "$rc" != "$want" ]; then
    echo "exit status $rc, expected $want"; fail=1
fi
if [ -f "$CASE/stdout" ] && ! cmp -s "$CASE/stdout" "$TMP/.stdout"; then
    echo "standard output differs:"; diff "$CASE/stdout" "$TMP/.stdout" | head -40; fail=1
fi
if [ -f "$CASE/stderr" ]; then
    while IFS= read -r line; do
        [ -z "$line" ] && continue
        if ! grep -qF -- "$line" "$TMP/.stderr"; then
            echo "standard error lacks: $line"; fail=1
        fi
    done <"$CASE/stderr"
fi
if [ -f "$CASE/absent" ]; then
    while IFS= read -r f; do
        [ -z "$f" ] && continue
        if [ -e "$TMP/$f" ]; then echo "file should not exist: $f"; fail=1; fi
    done <"$CASE/absent"
    leftovers=$(find "$TMP" -name '*.tmp*' | head -3)
    [ -n "$leftovers" ] && { echo "temporary files left: $leftovers"; fail=1; }
fi
if [ $fail -ne 0 ]; then
    echo "--- stderr ---"; cat "$TMP/.stderr"
    echo "--- stdout (head) ---"; head -20 "$TMP/.stdout"
    exit 1
fi
exit 0
