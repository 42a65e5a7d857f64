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
echo "no banned calls"
