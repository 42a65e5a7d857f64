#!/bin/sh
# Fails when a banned unsafe call appears in the project's C sources (as curl's
# checksrc does): numbers from users go through ix_parse_number, strings
# through snprintf.
set -eu
cd "$(dirname "$0")/.."
banned='strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|atof|sscanf|scanf|fscanf|strncpy|tmpnam|mktemp'
hits=$(grep -nE "(^|[^_a-zA-Z0-9.>])($banned)[[:space:]]*\(" \
       $(find include lib cli server tests bench tools cmake -name '*.[ch]' 2>/dev/null) 2>/dev/null \
       | grep -vE '^\S+:[0-9]+:\s*(/\*|\*|//)' || true)
if [ -n "$hits" ]; then
    echo "banned calls (use snprintf / ix_parse_number / strtol with checks instead):"
    echo "$hits"
    exit 1
fi

# Markup goes through ix_html_printf, whose %s escapes, or ix_html_raw
# (include/indeks/escape.h); a tag written with ix_sink_puts/ix_sink_printf
# is HTML whose escaping depends on remembering it. html_report_composite.c
# is still written the old way (its values do pass ix_html_text).
markup=$(grep -nE 'ix_sink_(puts|printf)\([^,]+, *(IX__L\([^,]+, *)?"[^"]*<[a-zA-Z/!?]' \
         $(find lib cli server -name '*.c' ! -name html_report_composite.c 2>/dev/null) 2>/dev/null || true)
if [ -n "$markup" ]; then
    echo "markup written past the HTML writer (use ix_html_printf or ix_html_raw):"
    echo "$markup"
    exit 1
fi
echo "no banned calls"
