#!/usr/bin/env bash
# Requests per second the caller flow's webhooks sustain: a release `callgate --headless` on
# 127.0.0.1 with the simulated Twilio REST API (bench/twilio_rest_sim), and wrk posting correctly
# signed Twilio webhooks — first POST /incoming-call (signature checked, Lookup answered from the
# cache after the first request, consent TwiML with a signed flow token), then POST /consent with
# Digits=1 (signature and flow token checked, a session opened, <Connect><Stream> answered).
# Prints wrk's reports and the gateway's CPU time.
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
# Twilio's signature: the URL, then each parameter name and (decoded) value, names sorted.
sign() { # url body
  local to_sign="$1" pair name value
  for pair in $(echo "$2" | tr '&' '\n' | sort); do
    name="${pair%%=*}"; value="${pair#*=}"; value="${value//%2B/+}"
    to_sign+="${name}${value}"
  done
  printf '%s' "$to_sign" | openssl dgst -sha1 -hmac "$token" -binary | base64
}
sig=$(sign "${public}/incoming-call" "$body")

work=$(mktemp -d)
trap 'kill $gw $sim 2>/dev/null || true; rm -rf "$work"' EXIT
lua() { # file body signature
  cat > "$1" <<LUA
wrk.method = "POST"
wrk.body = "$2"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$3"
LUA
}
lua "$work/incoming.lua" "$body" "$sig"

account="AC0123456789abcdef0123456789abcdef"
build/release/bench/twilio_rest_sim --account-sid "$account" --auth-token "$token" > "$work/sim.url" &
sim=$!
for _ in $(seq 50); do [ -s "$work/sim.url" ] && break; sleep 0.1; done
rest=$(cat "$work/sim.url")

# Sessions the benchmark opens never get a stream: let them expire fast and allow many.
QT_LOGGING_RULES="callgate.*.info=false" build/release/app/callgate --headless --port "$port" \
  --bind-address 127.0.0.1 --public-url "$public" --openai-api-key sk-bench --twilio-auth-token "$token" \
  --max-concurrent-calls 1000000 --session-pending-ttl-seconds 5 --database-url "$work/calls.sqlite" \
  --twilio-account-sid "$account" --twilio-api-base-url "$rest" --twilio-lookup-base-url "$rest" \
  --prompt-cache-dir "$work/prompts" &
gw=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done

twiml=$(curl -s -X POST -H "X-Twilio-Signature: $sig" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data "$body" "http://127.0.0.1:$port/incoming-call")
action=$(echo "$twiml" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//; s/"$//; s/&amp;/\&/g')
case "$action" in "$public/consent?state="*) ;; *) echo "no consent prompt in: $twiml"; exit 1 ;; esac
consent_body="${body}&Digits=1"
lua "$work/consent.lua" "$consent_body" "$(sign "$action" "$consent_body")"

ticks=$(getconf CLK_TCK)
run() { # label lua path
  local before after
  before=$(awk '{print $14+$15}' /proc/$gw/stat)
  echo "== $1"
  wrk -t"$wthreads" -c"$conns" -d"${secs}s" -s "$2" "http://127.0.0.1:$port$3"
  after=$(awk '{print $14+$15}' /proc/$gw/stat)
  echo "gateway CPU: $(( (after - before) * 100 / ticks / secs ))% of one core over ${secs}s"
}
run "POST /incoming-call (caller ID looked up, consent prompt)" "$work/incoming.lua" /incoming-call
run "POST /consent with Digits=1 (flow token checked, session opened, stream TwiML)" "$work/consent.lua" "${action#$public}"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^callgate_(webhooks_answered_total|worker_connections_total|rejected_requests_total\{reason="(busy|signature_mismatch)"\}|process_resident)'
