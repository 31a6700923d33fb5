#!/bin/sh
# Resident memory of one hub process, idle: starts it, waits for the JSON log line <ready msg>, prints
# its VmRSS 20 s later and the time to ready, then stops it (README, "Compiled JavaScript").
# usage: sh ops/measure-rss.sh "gateway ready" node --enable-source-maps dist/gateway/server.js
ready="$1"; shift
log=$(mktemp)
start=$(date +%s%N)
"$@" > "$log" 2>&1 &
pid=$!
until grep -q "\"msg\":\"$ready\"" "$log"; do
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
readyms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 20
echo "$(grep VmRSS /proc/$pid/status)  ready in ${readyms} ms  $*"
kill $pid; wait $pid 2>/dev/null; rm -f "$log"
