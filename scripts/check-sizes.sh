#!/bin/sh
# Lists C++ sources over the size guide (docs/style.md): files over 400 lines and functions over 60.
# A file may opt out with a first-line comment that says why ("// size: ..."). Exit 1 when any.
set -eu
cd "$(dirname "$0")/.."
status=0
files=$(git ls-files '*.cpp' '*.h')
for f in $files; do
    lines=$(wc -l < "$f")
    if [ "$lines" -gt 400 ] && ! head -n 3 "$f" | grep -q '^// size:'; then
        echo "$f: $lines lines"
        status=1
    fi
done
# Function lengths from ctags' start and end lines.
long=$(ctags -x --kinds-c++=f --fields=+ne --output-format=xref \
        --_xformat='%N %F %n %{end}' $files 2>/dev/null |
    awk '$4 != "" && $4 - $3 + 1 > 60 { print $2 ":" $3 ": " $1 " is " $4 - $3 + 1 " lines" }')
if [ -n "$long" ]; then
    for entry in $(echo "$long" | cut -d: -f1 | sort -u); do
        if head -n 3 "$entry" | grep -q '^// size:'; then
            long=$(echo "$long" | grep -v "^$entry:" || true)
        fi
    done
fi
if [ -n "$long" ]; then
    echo "$long"
    status=1
fi
exit $status
