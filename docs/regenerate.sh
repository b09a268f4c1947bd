#!/bin/sh
# Draws docs/seed-graph.png, the picture of the seed dataset that the README shows, anew.
# Needs Graphviz's `dot`. $KIZUNA names the binary to use (default: a release build of
# this checkout). The README's own example writes elsewhere, so that trying it never
# changes this tracked picture.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kizuna=${KIZUNA:-}
if [ -z "$kizuna" ]; then
    cargo build --release --quiet --manifest-path "$top/Cargo.toml"
    kizuna="$top/target/release/kizuna"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kizuna" --db "$work/seed.db" seed >/dev/null
"$kizuna" --db "$work/seed.db" dot --cluster-by country --layout fdp --render png -o "$top/docs/seed-graph.png"
echo "wrote $top/docs/seed-graph.png"
