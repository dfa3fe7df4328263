#!/usr/bin/env bash
# A Callgate cluster on this machine, the way it runs on servers: a PostgreSQL server of its own,
# N headless gateways (gw1… on 127.0.0.1:5051…, one PostgreSQL schema for all), nginx in front on
# 127.0.0.1:PORT with docs/nginx-cluster.conf, and the simulated OpenAI, Twilio REST and callers
# (bench/cluster_sim) dialling through nginx. No keys needed. Ctrl+C stops everything it started.
#
#   scripts/cluster.sh [--instances 3] [--port 8080] [--callers demo|none] [--dir DIR] [--no-build]
#
# While it runs: curl http://127.0.0.1:8080/health (through nginx), curl http://127.0.0.1:5052/metrics
# (one instance), kill -TERM "$(cat DIR/gw2/pid)" (a rolling restart: gw2 drains, nginx sends its
# callers elsewhere; start it again with DIR/gw2/start.sh), and a console on all of them:
# build/release/app/callgate --attach, with the gateways and token this script prints.
set -euo pipefail
cd "$(dirname "$0")/.."
instances=3 port=8080 callers=demo dir="" build=1
while [ $# -gt 0 ]; do
    case "$1" in
    --instances) instances=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --callers) callers=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
    esac
done
[ "$instances" -ge 1 ] && [ "$instances" -le 9 ] || { echo "cluster: --instances is 1 to 9" >&2; exit 2; }
if [ "$build" = 1 ]; then
    scripts/install-deps.sh
    scripts/build.sh release callgate cluster_sim
fi
bin=build/release
[ -n "$dir" ] || dir=$(mktemp -d /tmp/callgate-cluster.XXXXXX)
mkdir -p "$dir"
dir=$(realpath "$dir")
chmod 711 "$dir" # the database server (its own user when we are root) keeps its files inside
rm -f "$dir/ready"

pids=()
cleanup() {
    trap - EXIT INT TERM
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    local gws=""
    for i in $(seq 1 "$instances"); do [ -f "$dir/gw$i/pid" ] && gws="$gws $(cat "$dir/gw$i/pid")"; done
    for p in $gws; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    # The instances drain (their callers are gone with the simulator), then stop; at most 10 s.
    for _ in $(seq 1 100); do
        alive=0
        for p in $gws; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for p in $gws; do kill -KILL "$p" 2>/dev/null || true; done
    scripts/test-postgres.sh --stop "$dir/pg" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL: a private server, one database, one schema for the cluster.
database=$(scripts/test-postgres.sh --private "$dir/pg")
echo "cluster: PostgreSQL at ${database/callgate:callgate@/callgate:…@}" >&2

token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
ai_port=$((port + 60)) rest_port=$((port + 61))
public=https://callgate.localhost # what Twilio would be told; the simulated callers sign against it
accounts="$dir/operators"
[ -f "$accounts" ] || OPERATOR_ACCOUNTS_FILE="$accounts" "$bin/app/callgate" add-operator Ana > "$dir/ana.token"

# The instances: each its own folder, .env and port; everything else the same.
for i in $(seq 1 "$instances"); do
    gw="$dir/gw$i"
    mkdir -p "$gw"
    cat > "$gw/.env" <<EOF
PORT=$((5050 + i))
BIND_ADDRESS=127.0.0.1
INSTANCE_NAME=gw$i
PUBLIC_URL=$public
DATABASE_URL=$database
OPENAI_API_KEY=sk-simulated
OPENAI_REALTIME_URL=ws://127.0.0.1:$ai_port/v1/realtime
OPENAI_LIVE_URL=ws://127.0.0.1:$ai_port/v1/live/sessions
TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef
TWILIO_AUTH_TOKEN=$token
TWILIO_API_BASE_URL=http://127.0.0.1:$rest_port
TWILIO_LOOKUP_BASE_URL=http://127.0.0.1:$rest_port
OPERATOR_ACCOUNTS_FILE=$accounts
PROMPT_CACHE_DIR=$gw/prompts
WORKER_THREADS=1
EOF
    # start.sh: starts (or restarts) this instance in the background, its pid in pid, its log in log.
    cat > "$gw/start.sh" <<EOF
#!/bin/sh
cd "$gw" && "$(realpath "$bin/app/callgate")" --headless >> "$gw/log" 2>&1 &
echo \$! > "$gw/pid"
EOF
    chmod +x "$gw/start.sh"
done

# The simulated services first (the gateways ask the AI for its models as they start).
"$bin/bench/cluster_sim" --ai-port "$ai_port" --rest-port "$rest_port" --auth-token "$token" --public-url "$public" \
    --gateway-url "http://127.0.0.1:$port" --callers "$callers" 2>> "$dir/sim.log" &
pids+=($!)
for i in $(seq 1 "$instances"); do "$dir/gw$i/start.sh"; done

for i in $(seq 1 "$instances"); do
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$((5050 + i))/health" > /dev/null && break
        sleep 0.2
    done
    curl -fs "http://127.0.0.1:$((5050 + i))/health" > /dev/null || { echo "cluster: gw$i did not start (see $dir/gw$i/log)" >&2; exit 1; }
done

# nginx with docs/nginx-cluster.conf: its upstreams list these instances, its log goes here.
python3 - "$instances" "$port" "$dir" > "$dir/site.conf" <<'EOF'
import re, sys
n, port, d = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conf = open("docs/nginx-cluster.conf").read()
def servers(m):
    line = m.group(0)
    return "".join(line.replace("5051", str(5050 + i)) for i in range(1, n + 1))
# Each upstream's first server line stands for all N; the other two go.
conf = re.sub(r"    server 127\.0\.0\.1:505[23][^\n]*\n", "", conf)
conf = re.sub(r"    server 127\.0\.0\.1:5051[^\n]*\n", servers, conf)
conf = re.sub(r"upstream gw\d \{[^\n]*\n", "", conf)
conf = conf.replace("# One per instance, for the consoles", "".join(
    "upstream gw%d { server 127.0.0.1:%d; }\n" % (i, 5050 + i) for i in range(1, n + 1)) + "# One per instance, for the consoles")
conf = conf.replace("(gw[1-3])", "(gw[1-%d])" % n)
conf = conf.replace("listen 80;", "listen 127.0.0.1:%s;" % port)
conf = conf.replace("/var/log/nginx/callgate.log", d + "/access.log")
print(conf)
EOF
cat > "$dir/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $dir/nginx-tmp;
    proxy_temp_path $dir/nginx-tmp;
    include $dir/site.conf;
}
EOF
mkdir -p "$dir/nginx-tmp"
/usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx-error.log" &
pids+=($!)
echo $! > "$dir/nginx.pid.run"

for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/health" > /dev/null || { echo "cluster: nginx did not start (see $dir/nginx-error.log)" >&2; exit 1; }
touch "$dir/ready"

cat >&2 <<EOF
cluster: $instances gateway(s) behind nginx at http://127.0.0.1:$port (files in $dir)
  callers:   $callers (bench/cluster_sim; its log: $dir/sim.log)
  each:      http://127.0.0.1:5051/metrics … ; logs in $dir/gwN/log
  restart:   kill -TERM \$(cat $dir/gw2/pid)   then   $dir/gw2/start.sh
  consoles:  build/release/app/callgate --attach, Settings → Gateways: gw1 ws://127.0.0.1:$port/operator/gw1 (…gw$instances),
             token $(cat "$dir/ana.token")
  history:   DATABASE_URL='$database' build/release/app/callgate export
Ctrl+C stops everything.
EOF
wait "${pids[0]}"
