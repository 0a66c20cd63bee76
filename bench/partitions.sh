#!/usr/bin/env bash
# What a partitioned run costs against one process, for 2 and 4 partitions on loopback, and where the time goes (issue 11, point 5).
#
#   dotnet build -c Release && bash bench/partitions.sh [SCENARIO]      (default: pond-16-tiering, 16 hosts, 10 s, 10,001 windows)
#
# Starts 4 worker members on loopback (plain TCP), then runs `bench partitions SCENARIO --partitions 2,4 --cluster`: the scenario
# in one process (after a warm-up run), partitioned in this process, and partitioned over the members; one table row each, with
# its wall time, its ratio to the one-process run, windows, messages crossed, window bytes, and the wall time of joining, building
# the partitions, the windows' local work (slowest member per window), synchronisation and transport, and serialization (the
# window messages serialized again by the client); last, whether its trace hash equals the one-process run's. REPEAT (default 2)
# runs it again on the same members: the first run also pays each member's one-time JIT. Meaningful on a quiet machine only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
am=(dotnet "$root/src/Node/bin/Release/net10.0/actormigration.dll")
scenario=${1:-pond-16-tiering}
repeat=${REPEAT:-2}
[[ -f ${am[1]} ]] || { echo "partitions.sh: ${am[1]} not built: run dotnet build -c Release" >&2; exit 3; }
work=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for m in 1 2 3 4; do
  if [[ $m == 1 ]]; then args=(--port "$port"); else args=(--port 0 --seed "127.0.0.1:$port"); fi
  "${am[@]}" node "${args[@]}" --roles worker --insecure >/dev/null 2>"$work/member-$m.log" &
  pids+=($!)
  until grep -qs "member up" "$work/member-$m.log"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "partitions.sh: member $m stopped:" >&2; cat "$work/member-$m.log" >&2; exit 3; }
    sleep 0.05
  done
done
for run in $(seq "$repeat"); do
  echo "run $run:"
  "${am[@]}" bench partitions "$scenario" --partitions 2,4 --cluster "127.0.0.1:$port" --insecure --timeout 3600 2>"$work/client.log" \
    || { echo "partitions.sh: the benchmark failed:" >&2; cat "$work/client.log" >&2; exit 3; }
done
