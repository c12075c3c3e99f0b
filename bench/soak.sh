#!/usr/bin/env bash
# bench/soak.sh - `sniff -w` with rotation under a flood for a long time
# (make bench; not in CI).  In the namespace lab the router sends echo
# requests to the client at BENCH_SOAK_PPS for BENCH_SOAK_SECONDS
# (default 300) while the client runs
#   icmpkit sniff -q -w soak.pcap -C 2 'icmp[icmptype] == icmp-echo and src ROUTER'
# Its resident size is sampled every second; after the warm-up (the first
# fifth) it must not grow at all; and every request sent must be in the
# files.  Prints PASS or MISS per check (benchmarks never fail
# the build); exits non-zero only when the setup is broken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
secs=${BENCH_SOAK_SECONDS:-300}
pps=${BENCH_SOAK_PPS:-20000}
if [[ $(id -u) != 0 ]]; then
	echo "soak: SKIP (needs root for the namespace lab)"
	exit 0
fi
# shellcheck source=../tests/lab/lib.sh
. tests/lab/lib.sh
out=$(mktemp -d)
lab_on_exit() { rm -rf "$out"; }
lab_up
lab_settle 1
chmod 755 "$out"
mkdir -m 1777 "$out/w"

ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -q -w "$out/w/soak.pcap" -C 2 \
	"icmp[icmptype] == icmp-echo and src host $LAB_RC_IP4" 2>"$out/sniff.err" &
sniffer=$!
for i in $(seq 100); do grep -q listening "$out/sniff.err" && break; sleep 0.05; done
n=$((secs * pps))
ip netns exec "$LAB_ROUTER" "$bin" send -c "$n" --rate "$pps" "$LAB_C_IP4" >"$out/send.out" 2>&1 &
sender=$!
: >"$out/rss"
while kill -0 $sender 2>/dev/null; do
	awk '/^VmRSS:/ { print $2 }' "/proc/$sniffer/status" >>"$out/rss"
	sleep 1
done
wait $sender || { echo "soak: the sender failed: $(cat "$out/send.out")"; exit 2; }
sleep 1
kill -INT $sniffer
wait $sniffer || { echo "soak: sniff failed: $(cat "$out/sniff.err")"; exit 2; }
sent=$(sed -nE 's/^([0-9]+) packets sent.*/\1/p' "$out/send.out")
files=$(find "$out/w" -name 'soak.pcap*' | wc -l)
inf=0
for f in "$out"/w/soak.pcap*; do
	k=$("$bin" read -q --stats -j "$f" | jq .stats.records)
	inf=$((inf + k))
done
samples=$(wc -l <"$out/rss")
warm=$((samples / 5))
[ "$warm" -ge 1 ] || warm=1
base=$(sed -n "${warm}p" "$out/rss")
peak=$(tail -n +"$warm" "$out/rss" | sort -n | tail -1)
first=$(head -1 "$out/rss")
growth=$((peak - base))
echo "soak: ${secs} s at $pps requests/s: $sent sent, $inf in $files files (sniff: $(grep 'packets captured' "$out/sniff.err" | head -1))"
echo "soak: RSS $first kB at start, $base kB after the warm-up (sample $warm of $samples), peak $peak kB after it: growth $growth kB"
[ "$growth" -eq 0 ] && echo "soak: RSS growth after warm-up: PASS" || echo "soak: RSS growth after warm-up: MISS ($growth kB)"
[ -n "$sent" ] && [ "$sent" -eq "$inf" ] && echo "soak: records sent = records in the files: PASS" ||
	echo "soak: records sent = records in the files: MISS ($sent sent, $inf in the files)"
