# Background services for scripts/demo.sh and scripts/airflow-ui.sh, sourced by both.
# Needs $state (a folder for each service's output) and $service_error (the error name to print).

# Each service's process group, stopped on exit.
pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
}
trap stop_services EXIT

# start NAME CMD...: run CMD in its own process group (so stopping it stops npx's children too),
# wait for the JSON line it prints first and leave that line in $announced. Not called in $(…):
# the pid must be recorded in this shell for the EXIT trap.
announced=""
start() {
  local name=$1 log="$state/$1.out"
  shift
  : >"$log"
  setsid "$@" >"$log" 2>"$state/$name.err" &
  pids+=("$!")
  for _ in $(seq 1 150); do
    announced=$(grep -m1 '^{' "$log" || true)
    [[ -n "$announced" ]] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "$service_error: $name did not start; see $state/$name.err:" >&2
  tail -n 20 "$state/$name.err" >&2
  exit 1
}
json_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
