#!/usr/bin/env bash
# Requests per second that POST /incoming-call sustains: a release `callgate --headless` on
# 127.0.0.1 and wrk posting a correctly signed Twilio webhook (so every request is checked,
# opens a session and gets TwiML). Prints wrk's report and the gateway's CPU time.
#
#   bench/webhook_rps.sh [seconds=10] [connections=64] [wrk-threads=1]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; conns="${2:-64}"; wthreads="${3:-1}"
command -v wrk >/dev/null || { echo "installing wrk"; ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }
scripts/build.sh release >/dev/null

port=$(( 20000 + RANDOM % 20000 ))
public="https://bench.example.test"
token="bench-token-0123456789"
body='AccountSid=AC0123456789abcdef0123456789abcdef&ApiVersion=2010-04-01&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing&Direction=inbound&From=%2B14155550123&To=%2B18005550100'
# Twilio's string to sign: URL, then each parameter name and (decoded) value, names sorted.
to_sign="${public}/incoming-call"
for pair in $(echo "$body" | tr '&' '\n' | sort); do
  name="${pair%%=*}"; value="${pair#*=}"; value="${value//%2B/+}"
  to_sign+="${name}${value}"
done
sig=$(printf '%s' "$to_sign" | openssl dgst -sha1 -hmac "$token" -binary | base64)

work=$(mktemp -d)
trap 'kill $gw 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$sig"
LUA

# Sessions the benchmark opens never get a stream: let them expire fast and allow many.
QT_LOGGING_RULES="callgate.*.info=false" build/release/app/callgate --headless --port "$port" \
  --bind-address 127.0.0.1 --public-url "$public" --openai-api-key sk-bench --twilio-auth-token "$token" \
  --max-concurrent-calls 1000000 --session-pending-ttl-seconds 5 --database-url "$work/calls.sqlite" &
gw=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done

check=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Twilio-Signature: $sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "http://127.0.0.1:$port/incoming-call")
[ "$check" = 200 ] || { echo "signed request was refused ($check)"; exit 1; }

cpu_before=$(awk '{print $14+$15}' /proc/$gw/stat)
wrk -t"$wthreads" -c"$conns" -d"${secs}s" -s "$work/post.lua" "http://127.0.0.1:$port/incoming-call"
cpu_after=$(awk '{print $14+$15}' /proc/$gw/stat)
ticks=$(getconf CLK_TCK)
echo "gateway CPU: $(( (cpu_after - cpu_before) * 100 / ticks / secs ))% of one core over ${secs}s"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^callgate_(webhooks_answered_total|worker_connections_total|rejected_requests_total\{reason="(busy|signature_mismatch)"\}|process_resident)'
