#!/usr/bin/env bash
# How much faster a distributed sweep runs on 2 worker processes than on 1, and how soon a member is Up (issue 11, point 5).
#
#   dotnet build -c Release && bash bench/cluster-sweep.sh [SWEEP.yaml]      (default: bench/cluster-sweep-264.yaml, 264 points)
#
# It starts two clusters on loopback (a coordinator member and 1 or 2 worker members, plain TCP) and runs `sweep SWEEP --cluster`
# on each in turn: WARM times (default 3) unmeasured, then REPEAT times (default 5) measured. The unmeasured sweeps are the
# members' one-time JIT: a cluster is long-lived, and its members' tier-1 recompiles go on for several sweeps (the coordinator's
# CPU a sweep fell from ~0.6 s in the first to ~0.35 s by the eighth), twice over with two workers, each warming on half the
# points. Each measured round gives the time of the sweep itself (from submitting it to its last point, as the client says it)
# and of the whole client process (its start, joining, the sweep, leaving). Then it prints the best times and their ratios
# (the target is >= 1.7x), the median of the rounds' ratios (each round's two sweeps ran back to back, so the host's drift
# mostly cancels), each member's time from its process start to its "member up" line, and checks that both outputs are the same
# table (timing column aside). Meaningful on a quiet machine only. Exit 3 if a member or a sweep fails. KEEP=1 keeps the
# members' logs and the outputs (the folder is mktemp's newest /tmp/tmp.*).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
am=(dotnet "$root/src/Node/bin/Release/net10.0/actormigration.dll")
sweep=${1:-$root/bench/cluster-sweep-264.yaml}
repeat=${REPEAT:-5}
warm=${WARM:-3}
[[ -f ${am[1]} ]] || { echo "cluster-sweep.sh: ${am[1]} not built: run dotnet build -c Release" >&2; exit 3; }
work=$(mktemp -d)
pids=()
declare -A members
stop_members() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_members; [[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for LOG TEXT PID: until LOG has TEXT; exit 3 if the process ends first.
wait_for() {
  until grep -qs "$2" "$1"; do
    kill -0 "$3" 2>/dev/null || { echo "cluster-sweep.sh: a member stopped:" >&2; cat "$1" >&2; exit 3; }
    sleep 0.02
  done
}

# start_member NAME CPUS ARGS...: starts `node ARGS --insecure` on CPUS (a taskset list; "" for any CPU), waits until it is Up,
# records its time to Up.
start_member() {
  local name=$1 cpus=$2 started
  shift 2
  started=$(now)
  local pin=()
  [[ -n $cpus ]] && pin=(taskset -c "$cpus")
  "${pin[@]}" "${am[@]}" node "$@" --insecure --config "$work/member.conf" >/dev/null 2>"$work/$name.log" &
  pids+=($!)
  wait_for "$work/$name.log" "member up" "$!"
  echo "$name $(seconds "$(now)" "$started")" >>"$work/up.txt"
}

# without_wall_ms: a sweep's CSV without its wall_ms column.
without_wall_ms() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_ms") w = i } { s = ""; for (i = 1; i <= NF; i++) if (i != w) s = s (s == "" && i == 1 ? "" : ",") $i; print s }' "$1"
}

declare -A best round
keep_best() { if [[ -z ${best[$1]:-} ]] || awk -v a="$2" -v b="${best[$1]}" 'BEGIN { exit !(a < b) }'; then best[$1]=$2; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Both clusters are up for the whole run and their sweeps alternate (1 worker, 2 workers, 1, 2, ...): this shared machine's speed
# drifts by tens of percent over a minute, and measuring one cluster after the other would put that drift into the ratio.
# Worker W runs on CPU (W-1) mod the CPU count, as deploy/ advises (a worker runs one point at a time: one worker per core, pinned),
# in both clusters alike; PIN=0 lets the scheduler place them. Unpinned, the two workers' threads (each point's, plus the GC's
# and the JIT's) move between the two cores and each point took ~1.4x as long as on one worker; pinned, ~1.2x.
worker_cpu() { [[ ${PIN:-1} == 1 ]] && echo $((($1 - 1) % $(nproc))) || true; }
# While one cluster sweeps, the other is stopped (SIGSTOP): idle, its members still wake for Akka's timers, gossip and heartbeats
# (~3% of a core each), and the pinned ones would take that from the measured cluster's workers. A stopped cluster's members
# hear nothing from each other until it continues: they must not take that for a member lost.
cat >"$work/member.conf" <<'EOF_CONF'
akka.cluster.failure-detector.acceptable-heartbeat-pause = 120s
EOF_CONF
pause() { [[ ${PAUSE:-1} == 1 ]] && kill "-$1" ${members[$2]} 2>/dev/null || true; }
declare -A seeds
for workers in 1 2; do
  port=$(free_port)
  seeds[$workers]="127.0.0.1:$port"
  start_member "coordinator-$workers" "" --port "$port" --roles coordinator
  members[$workers]=${pids[-1]}
  for w in $(seq "$workers"); do
    start_member "worker-$workers-$w" "$(worker_cpu "$w")" --port 0 --seed "127.0.0.1:$port" --roles worker
    wait_for "$work/worker-$workers-$w.log" "worker registered" "${pids[-1]}"
    members[$workers]+=" ${pids[-1]}"
  done
done
# sweep_on WORKERS: one sweep on that cluster; sets took (the client process) and swept (the sweep, as the client says it).
sweep_on() {
  local started other=$((3 - $1))
  pause STOP "$other"
  started=$(now)
  "${am[@]}" sweep "$sweep" --format csv --cluster "${seeds[$1]}" --insecure --timeout 3600 >"$work/out-$1.csv" 2>"$work/client.log" \
    || { echo "cluster-sweep.sh: the sweep failed:" >&2; cat "$work/client.log" >&2; exit 3; }
  took=$(seconds "$(now)" "$started")
  pause CONT "$other"
  swept=$(sed -n 's/.* points in \([0-9.]*\) s on the cluster$/\1/p' "$work/client.log")
}
for run in $(seq "$warm"); do
  for workers in 1 2; do
    sweep_on "$workers"
    echo "$workers worker(s), warm-up $run: sweep $swept s, client process $took s"
  done
done
for run in $(seq "$repeat"); do
  for workers in 1 2; do
    sweep_on "$workers"
    echo "$workers worker(s), run $run: sweep $swept s, client process $took s"
    keep_best "sweep-$workers" "$swept"
    keep_best "process-$workers" "$took"
    round[$workers]=$swept
  done
  ratio "${round[1]}" "${round[2]}" >>"$work/ratios.txt"
  echo >>"$work/ratios.txt"
done
stop_members

points=$(($(wc -l <"$work/out-1.csv") - 1))
echo
echo "sweep: $sweep ($points points), best of $repeat after $warm unmeasured"
echo "sweep, 1 worker process:   ${best[sweep-1]} s; whole client process ${best[process-1]} s"
echo "sweep, 2 worker processes: ${best[sweep-2]} s; whole client process ${best[process-2]} s"
echo "speed-up: $(ratio "${best[sweep-1]}" "${best[sweep-2]}")x for the sweep, $(ratio "${best[process-1]}" "${best[process-2]}")x for the client process (target >= 1.7x)"
echo "speed-up of the sweep round by round: $(tr '\n' ' ' <"$work/ratios.txt")(median $(median <"$work/ratios.txt")x)"
echo "time from process start to member up (s): $(sort -k2 -n "$work/up.txt" | tr '\n' ' ')"
echo "slowest member up: $(sort -k2 -n "$work/up.txt" | tail -1 | cut -d' ' -f2) s (target <= 10 s)"
if diff <(without_wall_ms "$work/out-1.csv") <(without_wall_ms "$work/out-2.csv") >/dev/null; then echo "outputs: the same table"
else echo "outputs differ between 1 and 2 workers" >&2; exit 1; fi
