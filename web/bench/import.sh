#!/usr/bin/env bash
# make bench-import (and the end of make bench): what partnermap import and
# its gazetteer cost.
#
#  1. Import time: BenchmarkImport, 5,000 partners in 2,500 cities, half
#     of them looked up in the gazetteer, every city checked, as CSV and as
#     a workbook. Target: under 2 s each.
#  2. Binary size: bin/partnermap now, and built (with today's
#     third-party files) from main just before the import, the gazetteer
#     and the coordinate checks were merged, and from that merge: what they
#     added. Target: at most 3 MB more. The gazetteer's table is given
#     apart.
#
# It fails on errors, not on a missed target.
set -euo pipefail
cd "$(dirname "$0")/../.."

go=${GO:-go}
bin=bin/partnermap
table=data/gazetteer/geonames/places.br
for f in "$bin" "$table"; do
  [ -e "$f" ] || { echo "bench: $f is missing: run make bench-import, which builds it" >&2; exit 1; }
done
verdict() { if [ "$1" = 1 ]; then echo meets; else echo misses; fi; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }'; }

echo "== 5. Import: 5,000 partners, gazetteer look-ups and checks included"
out=$("$go" test ./data/spreadsheet -run '^$' -bench '^BenchmarkImport$' -benchtime 3x -count 1) || { echo "$out" >&2; exit 1; }
echo "$out" | awk '/s\/import/ {
  split($1, name, "/"); sub(/-[0-9]+$/, "", name[2]); secs = $5
  printf "   %-24s %8.2f s   target under 2 s: %s\n", name[2], secs, (secs < 2 ? "meets" : "misses")
}'

echo
echo "== 6. Binary size"
now=$(stat -c %s "$bin")
# The import came in one merge: main just before it, and the merge itself.
first=$(git log --follow --format=%H --diff-filter=A -- data/gazetteer/gazetteer.go 2>/dev/null | tail -1)
merged=
if [ -n "$first" ]; then
  for c in $(git rev-list --first-parent HEAD); do
    git merge-base --is-ancestor "$first" "$c" || break
    merged=$c
  done
fi
printf '   %-40s %8s MB\n' "now" "$(mb "$now")"
if [ -z "$merged" ] || ! git rev-parse -q --verify "$merged^" >/dev/null; then
  echo "   before and after the import: the history does not reach them (a shallow clone?)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# build COMMIT NAME builds the binary of a commit, with today's third-party
# files, as $tmp/NAME.
build() {
  mkdir "$tmp/$2"
  git archive "$1" | tar -x -C "$tmp/$2"
  mkdir -p "$tmp/$2/static"
  cp -r static/third_party static/min "$tmp/$2/static/"
  if [ -e "$tmp/$2/data/gazetteer/geonames" ]; then cp "$table" "$tmp/$2/data/gazetteer/geonames/"; fi
  if [ -e "$tmp/$2/gazetteer/geonames" ]; then cp "$table" "$tmp/$2/gazetteer/geonames/"; fi
  (cd "$tmp/$2" && "$go" build -o "../$2.bin" ./cmd/partnermap)
}
build "$merged^" before
build "$merged" after
before=$(stat -c %s "$tmp/before.bin")
after=$(stat -c %s "$tmp/after.bin")
grown=$((after - before))
printf '   %-40s %8s MB\n' "before the import ($(git rev-parse --short "$merged^"))" "$(mb "$before")"
printf '   %-40s %8s MB\n' "with the import ($(git rev-parse --short "$merged"))" "$(mb "$after")"
printf '   %-40s %8s MB   target at most 3 MB: %s\n' "grown by" "$(mb "$grown")" "$(verdict $((grown <= 3000000 ? 1 : 0)))"
printf '   %-40s %8s MB\n' "of which the gazetteer's table" "$(mb "$(stat -c %s "$table")")"
