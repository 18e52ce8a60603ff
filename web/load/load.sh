#!/usr/bin/env bash
# make load: wrk against the server on loopback, 256 connections for 30 s
# over the network page, a city page, the GeoJSON and an asset, while the
# data file is saved every 100 ms (written beside it and renamed over, as
# editors do) and the server reloads it. It prints requests per second and
# p99, and fails on any socket error or non-2xx response.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${LOAD_DURATION:-30s}
connections=${LOAD_CONNECTIONS:-256}

dir=$(mktemp -d)
server=
saver=
cleanup() {
  [ -n "$saver" ] && kill "$saver" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

# Two versions of the network that differ in a city's text.
cp data/conet.toml "$dir/a.toml"
sed 's/Berlin led the network/Berlin coordinated the network/' data/conet.toml > "$dir/b.toml"
cp "$dir/a.toml" "$dir/network.toml"

bin/partnermap serve --watch --data "$dir/network.toml" --addr 127.0.0.1:0 2> "$dir/server.log" &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/.*msg=serving .* url=\(http:[^ ]*\).*/\1/p' "$dir/server.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$dir/server.log"; echo "the server did not start" >&2; exit 1; }
asset=$(curl -s "$url/" | grep -o '/static/leaflet\.[0-9a-f]*\.js' | head -n 1)

(
  i=0
  while :; do
    cp "$dir/$([ $((i % 2)) = 0 ] && echo b || echo a).toml" "$dir/.network.toml.tmp"
    mv -f "$dir/.network.toml.tmp" "$dir/network.toml"
    i=$((i + 1))
    sleep 0.1
  done
) &
saver=$!

echo "wrk: $connections connections for $duration over /, /cities/palermo/, /api/network.geojson, $asset; the data file is saved every 100 ms"
out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s web/load/paths.lua "$url" -- / /cities/palermo/ /api/network.geojson "$asset")
echo "$out"
kill "$saver"; saver=

reloads=$(grep -c 'msg=reloaded' "$dir/server.log" || true)
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
echo
echo "requests/s: $rps   p99: $p99   reloads during the run: $reloads"
if echo "$out" | grep -q 'Socket errors'; then
  echo "FAIL: socket errors" >&2
  exit 1
fi
if echo "$out" | grep -q 'Non-2xx or 3xx responses'; then
  echo "FAIL: non-2xx responses" >&2
  exit 1
fi
[ "$reloads" -gt 0 ] || { echo "FAIL: the server never reloaded" >&2; exit 1; }
echo "ok: no socket errors, no non-2xx responses"
