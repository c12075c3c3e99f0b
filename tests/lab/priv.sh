#!/usr/bin/env bash
# Privileges after start-up (root): read gives up root once its input and
# output are open (checked in /proc while a slow pipe feeds it), -Z picks
# the user, and the output opened before the switch is written whole.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start priv

# status_of PID: the Uid, Gid, Groups, CapPrm, CapEff and CapBnd lines of
# /proc/PID/status, and NoNewPrivs and Seccomp, on one line.
status_of() {
	awk '/^(Uid|Gid|Groups|CapPrm|CapEff|CapBnd|NoNewPrivs|Seccomp):/ {
		printf "%s", $1; for (i = 2; i <= NF; i++) printf " %s", $i; printf "; " }' "/proc/$1/status"
}

# slow_read WANT NAME ARGS...: read ARGS - fed echo4.pcap, then 2 s of a
# pipe kept open; /proc/PID/status must contain WANT meanwhile.
slow_read() {
	local want=$1 name=$2 pid st rc
	shift 2
	{ cat pcaps/echo4.pcap; sleep 2; } | "$bin" read "$@" - >"$out/r.out" 2>"$out/r.err" &
	pid=$!
	sleep 1
	st=$(status_of $pid)
	wait $pid
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$out/r.err" ] && case "$st" in *"$want"*) true ;; *) false ;; esac && ok ||
		bad "$name: exit $rc, status '$st', want '$want': $(cat "$out/r.err")"
}
slow_read "Uid: 65534 65534 65534 65534; Gid: 65534 65534 65534 65534; Groups: 65534; CapPrm: 0000000000000000; CapEff: 0000000000000000;" \
	"read as root drops to nobody"
grep -q 'echo-request' "$out/r.out" && ok || bad "read -: nothing decoded: $(head -3 "$out/r.out")"
slow_read "Uid: 1 1 1 1; Gid: 1 1 1 1; Groups: 1; CapPrm: 0000000000000000; CapEff: 0000000000000000;" \
	"read -Z daemon" -Z daemon
slow_read "Uid: 0 0 0 0;" "read -Z root keeps root (tcpdump's habit)" -Z root
# -w into a directory only root may write: opened before the switch.
mkdir -m 700 "$out/rootonly"
slow_read "Uid: 65534 65534 65534 65534;" "read -w into a root-only directory" -q -w "$out/rootonly/x.pcap"
n=$("$bin" read -q --stats -j "$out/rootonly/x.pcap" | jq .stats.records)
want=$("$bin" read -q --stats -j pcaps/echo4.pcap | jq .stats.icmp) # -w keeps ICMP
[ "$n" = "$want" ] && ok || bad "read -w as root: $n records written, want $want"
"$bin" read -Z nosuchuser pcaps/echo4.pcap >/dev/null 2>"$out/e.err"; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$out/e.err")" = "icmpkit: -Z nosuchuser: no such user" ] && ok ||
	bad "read -Z nosuchuser: exit $rc: $(cat "$out/e.err")"

lab_test_end
