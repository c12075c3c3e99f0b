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
sandboxed="CapBnd: 0000000000000000; NoNewPrivs: 1; Seccomp: 2;"
slow_read "Uid: 65534 65534 65534 65534; Gid: 65534 65534 65534 65534; Groups: 65534; CapPrm: 0000000000000000; CapEff: 0000000000000000; $sandboxed" \
	"read as root drops to nobody"
grep -q 'echo-request' "$out/r.out" && ok || bad "read -: nothing decoded: $(head -3 "$out/r.out")"
slow_read "Uid: 1 1 1 1; Gid: 1 1 1 1; Groups: 1; CapPrm: 0000000000000000; CapEff: 0000000000000000;" \
	"read -Z daemon" -Z daemon
slow_read "Uid: 0 0 0 0;" "read -Z root keeps root (tcpdump's habit)" -Z root
ICMPKIT_SECCOMP=0 slow_read "CapBnd: 0000000000000000; NoNewPrivs: 1; Seccomp: 0;" "read, ICMPKIT_SECCOMP=0"
# -w into a directory only root may write: opened before the switch.
mkdir -m 700 "$out/rootonly"
slow_read "Uid: 65534 65534 65534 65534;" "read -w into a root-only directory" -q -w "$out/rootonly/x.pcap"
n=$("$bin" read -q --stats -j "$out/rootonly/x.pcap" | jq .stats.records)
want=$("$bin" read -q --stats -j pcaps/echo4.pcap | jq .stats.icmp) # -w keeps ICMP
[ "$n" = "$want" ] && ok || bad "read -w as root: $n records written, want $want"
"$bin" read -Z nosuchuser pcaps/echo4.pcap >/dev/null 2>"$out/e.err"; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$out/e.err")" = "icmpkit: -Z nosuchuser: no such user" ] && ok ||
	bad "read -Z nosuchuser: exit $rc: $(cat "$out/e.err")"

# Every command, after its drop: no bounding set, no_new_privs, the
# filter (sniff on loopback, as it runs).
"$bin" sniff -i lo -q 2>"$out/s.err" &
pid=$!
for i in $(seq 100); do grep -q listening "$out/s.err" && break; sleep 0.05; done
st=$(status_of $pid)
kill -INT $pid
wait $pid; rc=$?
case "$st" in *"Uid: 65534 65534 65534 65534;"*"CapEff: 0000000000000000; $sandboxed"*) [ $rc -eq 0 ] ;; *) false ;; esac &&
	ok || bad "sniff: exit $rc, status '$st'"
"$bin" ping -c 3 -i 0.5 -q 127.0.0.1 >"$out/p.out" 2>&1 &
pid=$!
sleep 0.5
st=$(status_of $pid)
wait $pid; rc=$?
case "$st" in *"CapEff: 0000000000000000; $sandboxed"*) [ $rc -eq 0 ] ;; *) false ;; esac &&
	ok || bad "ping: exit $rc, status '$st': $(cat "$out/p.out")"

# A call outside the filter ends the command with one line naming it
# (ICMPKIT_SECCOMP_TEST=1 makes one, acct(2), right after loading);
# ICMPKIT_SECCOMP=0 loads no filter, and the same command works.
denied="icmpkit: seccomp: syscall $(printf '#include <sys/syscall.h>\nSYS_acct\n' | cpp -P | tail -1) (acct) denied; set ICMPKIT_SECCOMP=0 to debug"
seccomp_case() { # NAME ARGS...
	local name=$1 rc
	shift
	ICMPKIT_SECCOMP_TEST=1 timeout 20 "$bin" "$@" >"$out/d.out" 2>"$out/d.err"; rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$out/d.err")" = "$denied" ] && ok ||
		bad "$name, a denied call: exit $rc: $(cat "$out/d.err")"
	ICMPKIT_SECCOMP=0 ICMPKIT_SECCOMP_TEST=1 timeout 20 "$bin" "$@" >"$out/d.out" 2>"$out/d.err"; rc=$?
	[ $rc -eq 0 ] && ok || bad "$name, ICMPKIT_SECCOMP=0: exit $rc: $(cat "$out/d.err")"
}
seccomp_case read read -q pcaps/echo4.pcap
seccomp_case sniff sniff -i lo -q --duration 0.2
seccomp_case send send -q -c 1 127.0.0.1
seccomp_case ping ping -q -c 1 127.0.0.1
seccomp_case trace trace -q 1 -m 2 127.0.0.1
seccomp_case replay replay -q -i lo -t pcaps/echo4.pcap

lab_test_end
