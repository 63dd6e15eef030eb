#!/usr/bin/env bash
# Cold-start timings from a fresh clone: `make test`, then `make demo` until the server answers.
#
#   bash bench/cold.sh [--no-pip-cache]
#
# The repository is cloned (committed work only) into a temporary directory; `make test` is timed there
# (virtualenv creation, locked install, whole suite), then `make demo` is started in the same clone
# (virtualenv already there: migrate, load the demo, serve) and timed until /healthz and / answer.
# A second `make demo` measures the idempotent re-run. --no-pip-cache makes pip download every
# package again (PIP_NO_CACHE_DIR=1) instead of using this machine's wheel cache.
# Results: bench/results/cold-<timestamp>.json. Only 127.0.0.1 is contacted; every wait is bounded.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT="${BENCH_DEMO_PORT:-8123}"
NO_CACHE=0
[[ "${1:-}" == "--no-pip-cache" ]] && NO_CACHE=1
CLONE=$(mktemp -d /tmp/gongkai-cold.XXXXXX)
DEMO_PGID=""
mkdir -p bench/results
STAMP=$(date +%Y%m%d-%H%M%S)
STARTED=$(date -Iseconds)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
OUT="$ROOT/bench/results/cold-$STAMP.json"

stop_demo() {
    if [[ -n "$DEMO_PGID" ]]; then
        [[ "$(ps -o pgid= -p "$DEMO_PGID" 2>/dev/null | tr -d ' ')" == "$DEMO_PGID" ]] || echo "warning: make demo is not a process-group leader" >&2
        kill -TERM -- "-$DEMO_PGID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 -- "-$DEMO_PGID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$DEMO_PGID" 2>/dev/null || true
        DEMO_PGID=""
    fi
    for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" || return 0; sleep 0.1; done
    echo "warning: port $PORT still answers after stopping the demo" >&2
}
cleanup() { stop_demo; rm -rf "$CLONE" "$CLONE".*.log; }
trap cleanup EXIT

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is in use: set BENCH_DEMO_PORT" >&2
    exit 1
fi
if ((NO_CACHE)); then export PIP_NO_CACHE_DIR=1; fi

now() { date +%s.%N; }
elapsed() { python3 -c "print(round($2 - $1, 1))"; }

echo "== clone $(git rev-parse --short HEAD) into $CLONE (committed work only)"
git clone -q "$ROOT" "$CLONE"
COMMIT=$(git -C "$CLONE" rev-parse --short HEAD)
cd "$CLONE"

echo "== make test (cold: no .venv)"
start=$(now)
make test >"$CLONE.test.log" 2>&1 || { tail -30 "$CLONE.test.log"; echo "make test failed"; exit 1; }
TEST_S=$(elapsed "$start" "$(now)")
SUMMARY=$(grep -E "^=+ .*(passed|failed).* in " "$CLONE.test.log" | tail -1)
echo "   ${TEST_S} s   $SUMMARY"

# make demo in its own process group so that make, runserver and the worker stop together.
# Sets READY_S to the seconds until / and /healthz answer (no subshell: DEMO_PGID must survive).
demo_until_ready() {
    local log="$1" start
    READY_S=""
    start=$(now)
    setsid make demo PORT="$PORT" >"$log" 2>&1 &
    DEMO_PGID=$!
    for _ in $(seq 1 1200); do
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; then
            READY_S=$(elapsed "$start" "$(now)")
            return 0
        fi
        kill -0 "$DEMO_PGID" 2>/dev/null || { tail -30 "$log" >&2; echo "make demo exited" >&2; return 1; }
        sleep 0.5
    done
    echo "make demo did not answer within 600 s" >&2
    return 1
}

echo "== make demo (first run in this clone: migrate, load the demo, serve)"
demo_until_ready "$CLONE.demo.log"
DEMO_S=$READY_S
echo "   ${DEMO_S} s until / and /healthz answer"
HEALTH=$(curl -s "http://127.0.0.1:$PORT/healthz")
HOME_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")
BUREAU_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/b/xiuwu/")
echo "   /healthz $HEALTH, / $HOME_STATUS, /b/xiuwu/ $BUREAU_STATUS"
stop_demo

echo "== make demo again (idempotent re-run)"
demo_until_ready "$CLONE.demo2.log"
DEMO2_S=$READY_S
echo "   ${DEMO2_S} s"
stop_demo

cat >"$OUT" <<JSON
{
  "kind": "cold",
  "started": "$STARTED",
  "finished": "$(date -Iseconds)",
  "commit": "$COMMIT",
  "pip_cache": $((NO_CACHE ? 0 : 1)),
  "machine": {"cores": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)", "loadavg_before": "$LOAD_BEFORE", "loadavg_after": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "make_test_s": $TEST_S,
  "make_test_summary": "$(echo "$SUMMARY" | tr -d '=' | xargs)",
  "make_demo_first_s": $DEMO_S,
  "make_demo_again_s": $DEMO2_S,
  "healthz": $HEALTH
}
JSON
rm -f "$CLONE".*.log
echo "results: bench/results/cold-$STAMP.json"
