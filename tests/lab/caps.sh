#!/usr/bin/env bash
# install-caps (root): a copy installed with cap_net_raw,cap_net_admin lets
# an ordinary user (nobody) sniff and ping in the lab, and the process
# holds no capability once its handles are open.
set -u
cd "$(dirname "$0")/../.."
. tests/lab/lib.sh
lab_test_start caps
# Under the build directory, not /tmp: /tmp may be mounted nosuid, and
# file capabilities are ignored there.
dest=$(realpath build)/caps-test
lab_on_exit() { rm -rf "$out" "$dest"; }
rm -rf "$dest"
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null &&
	make -s install-caps DESTDIR="$dest" PREFIX=/usr >/dev/null || {
	bad "make install / install-caps"
	lab_test_end
	exit 1
}
chmod -R a+rX "$dest"
bin=$dest/usr/bin/icmpkit
getcap "$bin" | grep -q 'cap_net_admin,cap_net_raw=eip' && ok || bad "getcap: $(getcap "$bin")"

as_nobody() { ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# sniff as nobody: it works, and once running it holds no capability.
# (Started directly, not through the function: a backgrounded function is
# a subshell, and signals would go to it rather than to icmpkit.)
ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$bin" sniff -i "$LAB_C_IF" -q >/dev/null 2>"$dest/sniff.err" &
pid=$!
for i in $(seq 100); do grep -q listening "$dest/sniff.err" && break; sleep 0.05; done
st=$(awk '/^(Uid|CapPrm|CapEff):/{printf "%s %s ", $1, $2}' "/proc/$pid/status")
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && [ "$st" = "Uid: 65534 CapPrm: 0000000000000000 CapEff: 0000000000000000 " ] &&
	ok || bad "sniff as nobody with file capabilities: exit $rc, $st: $(cat "$dest/sniff.err")"

# ping as nobody: replies come back; capabilities gone while it runs.
ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$bin" ping -c 5 -i 0.2 "$LAB_S_IP4" >"$dest/ping.out" 2>&1 &
pid=$!
sleep 0.5
st=$(awk '/^(Uid|CapEff):/{printf "%s %s ", $1, $2}' "/proc/$pid/status")
wait $pid; rc=$?
[ $rc -eq 0 ] && grep -q '5 packets transmitted, 5 received' "$dest/ping.out" &&
	[ "$st" = "Uid: 65534 CapEff: 0000000000000000 " ] &&
	ok || bad "ping as nobody with file capabilities: exit $rc, $st: $(cat "$dest/ping.out")"

# send as nobody, for real.
as_nobody "$bin" send -q -c 3 -i 0.01 "$LAB_S_IP4" && ok || bad "send as nobody with file capabilities"

lab_test_end
