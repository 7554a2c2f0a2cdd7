#!/bin/sh
# Every user-visible string of the window has a Spanish translation: lupdate over app/gui and
# widgets/ into a copy of the .ts finds no string new or unfinished. Arguments: lupdate, the
# source root.
set -eu
lupdate=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/translations/defect-workbench_es.ts" "$tmp/es.ts"
"$lupdate" -silent -locations none -no-obsolete "$root/app/gui" "$root/widgets" -ts "$tmp/es.ts"
missing=$(grep -c 'type="unfinished"' "$tmp/es.ts" || true)
if [ "$missing" -ne 0 ]; then
    echo "$missing string(s) without a Spanish translation (build the update_translations target"
    echo "and translate them in translations/defect-workbench_es.ts):"
    grep -B3 'type="unfinished"' "$tmp/es.ts" | grep '<source>' | sed 's/^ */  /'
    exit 1
fi
echo "all $(grep -c '<source>' "$tmp/es.ts") strings translated"
