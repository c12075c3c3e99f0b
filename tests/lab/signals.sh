#!/usr/bin/env bash
# SIGHUP and SIGPIPE end sniff, read -w and ping as SIGTERM does (root):
# exit 0, the statistics printed, every record written whole; a reader of
# stdout that goes away ends the command quietly, its -w file intact.
# Traffic on loopback only.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start signals

# valid FILE: libpcap and tshark read every record of FILE, no error;
# prints the count.
valid() {
	local n
	n=$("$bin" read -q --stats -j "$1" 2>"$out/v.err" | jq .stats.records) &&
		[ ! -s "$out/v.err" ] && tshark -r "$1" >/dev/null 2>&1 && echo "$n"
}

# A pinger on loopback for the captures (killed at exit).
ping -q -i 0.01 127.0.0.1 >/dev/null 2>&1 &
pinger=$!
trap 'kill $pinger 2>/dev/null; _lab_exit' EXIT

# sniff writes its files as nobody.
chmod 755 "$out" && mkdir -m 1777 "$out/w"
for sig in HUP PIPE TERM; do
	"$bin" sniff -i lo -q -w "$out/w/s$sig.pcap" 2>"$out/s.err" &
	pid=$!
	for i in $(seq 100); do grep -q listening "$out/s.err" && break; sleep 0.05; done
	sleep 1
	kill -$sig $pid
	wait $pid; rc=$?
	n=$(valid "$out/w/s$sig.pcap")
	got=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$out/s.err")
	[ $rc -eq 0 ] && [ -n "$n" ] && [ "$n" -gt 50 ] && [ "$n" = "$got" ] && ok ||
		bad "sniff -w, SIG$sig: exit $rc, ${n:-invalid file} records, '$got' captured: $(cat "$out/s.err")"
done

# read -w from a pipe that stays open: the records fed so far, whole.
want=$("$bin" read -q --stats -j pcaps/echo4.pcap | jq .stats.icmp)
for sig in HUP PIPE TERM; do
	{ cat pcaps/echo4.pcap; sleep 5; } | "$bin" read -q --stats -w "$out/r$sig.pcap" - >"$out/r.out" 2>"$out/r.err" &
	pid=$!
	sleep 1
	kill -$sig $pid
	wait $pid; rc=$?
	n=$(valid "$out/r$sig.pcap")
	[ $rc -eq 0 ] && [ "$n" = "$want" ] && grep -q 'records: 12' "$out/r.out" && [ ! -s "$out/r.err" ] && ok ||
		bad "read -w -, SIG$sig: exit $rc, ${n:-invalid file} records (want $want): $(cat "$out/r.out" "$out/r.err" | head -5)"
done

for sig in HUP PIPE; do
	"$bin" ping -i 0.1 127.0.0.1 >"$out/p.out" 2>"$out/p.err" &
	pid=$!
	sleep 1
	kill -$sig $pid
	wait $pid; rc=$?
	[ $rc -eq 0 ] && grep -q 'packets transmitted' "$out/p.out" && [ ! -s "$out/p.err" ] && ok ||
		bad "ping, SIG$sig: exit $rc: $(tail -3 "$out/p.out") $(cat "$out/p.err")"
done

# The reader of stdout leaves: quiet, exit 0, the -w file whole.
"$bin" ping -i 0.05 127.0.0.1 2>"$out/p.err" | head -n 3 >/dev/null
rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] && [ ! -s "$out/p.err" ] && ok || bad "ping | head: exit $rc: $(cat "$out/p.err")"
timeout 20 "$bin" sniff -i lo 2>"$out/s.err" | head -n 3 >/dev/null
rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] && ! grep -q 'icmpkit:' "$out/s.err" && ok || bad "sniff | head: exit $rc: $(cat "$out/s.err")"
# 5000 records: more lines than a pipe holds, so read meets the closed pipe.
"$bin" send -q -w "$out/5k.pcap" -c 5000 --flood 127.0.0.1
{ cat "$out/5k.pcap"; sleep 3; } | timeout 20 "$bin" read -w "$out/rp.pcap" - 2>"$out/r.err" | head -n 1 >/dev/null
rc=${PIPESTATUS[1]}
n=$(valid "$out/rp.pcap")
[ $rc -eq 0 ] && [ ! -s "$out/r.err" ] && [ -n "$n" ] && [ "$n" -gt 0 ] && ok ||
	bad "read -w FILE - | head: exit $rc, ${n:-invalid file} records: $(cat "$out/r.err")"

lab_test_end
