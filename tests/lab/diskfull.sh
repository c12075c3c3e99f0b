#!/usr/bin/env bash
# Write errors on -w files (root): a small tmpfs in a private mount
# namespace fills up under sniff, read and send; each exits 2 with one
# line saying how many records the file holds, and the file is a valid
# capture of exactly that many whole records, nothing captured before the
# error lost.  /dev/full: the one line, exit 2.  Traffic on loopback only.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start diskfull
chmod 755 "$out"

# full NAME SIZE CMD...: CMD (with @ for the mount point) on a fresh tmpfs
# of SIZE in its own mount namespace; its file is copied to $out/NAME.pcap.
full() {
	local name=$1 size=$2
	shift 2
	mkdir -p "$out/mnt"
	unshare -m bash -c '
		mount -t tmpfs -o size='"$size"',mode=1777 none "$0" || exit 99
		cmd=("${@//@/$0}")
		"${cmd[@]}" >/dev/null 2>'"$out/$name"'.err; rc=$?
		cp "$0/f.pcap" '"$out/$name"'.pcap 2>/dev/null
		exit $rc' "$out/mnt" "$@"
}
# check NAME RC: exit 2, one error line (sniff also says "listening" and
# its statistics) naming the count, the file valid with it.
check() {
	local name=$1 rc=$2 said n
	said=$(sed -n 's/.*write failed: No space left on device; the file holds its first \([0-9]*\) records.*/\1/p' "$out/$name.err")
	n=$("$bin" read -q --stats -j "$out/$name.pcap" 2>"$out/v.err" | jq .stats.records)
	[ $rc -eq 2 ] && [ "$(grep -c '^icmpkit:' "$out/$name.err")" -eq 1 ] && [ -n "$said" ] && [ "$said" -gt 100 ] &&
		[ "$n" = "$said" ] && [ ! -s "$out/v.err" ] && tshark -r "$out/$name.pcap" >/dev/null 2>&1 && ok ||
		bad "$name: exit $rc, file says ${n:-invalid} records: $(cat "$out/$name.err" "$out/v.err")"
}

"$bin" send -q -w "$out/5k.pcap" -c 5000 --flood 127.0.0.1
full read 64k "$bin" read -q -w @/f.pcap "$out/5k.pcap"; check read $?
# The records the file holds are the first ones of the input, in order.
cmp -s <(tcpdump -n -r "$out/read.pcap" -xx 2>/dev/null) \
	<(tcpdump -n -r "$out/5k.pcap" -xx -c "$(tcpdump -n -r "$out/read.pcap" 2>/dev/null | wc -l)" 2>/dev/null) &&
	ok || bad "read: the records kept are not the input's first ones"
full send 64k "$bin" send -q -w @/f.pcap -c 5000 --flood 127.0.0.1; check send $?
ping -q -f -c 20000 127.0.0.1 >/dev/null 2>&1 &
pinger=$!
full sniff 128k timeout 30 "$bin" sniff -i lo -q -w @/f.pcap; rc=$?
kill $pinger 2>/dev/null
check sniff $rc
# Rotation (-C 1, 2.5 MB): the earlier files stay whole, the one that
# filled (f.pcap2) is cut back.
ping -q -f -c 40000 127.0.0.1 >/dev/null 2>&1 &
pinger=$!
full rot 2500k timeout 60 bash -c '"$0" sniff -i lo -q -w @/f.pcap -C 1; rc=$?
	cp @/f.pcap '"$out"'/rot0.pcap; mv @/f.pcap2 @/f.pcap; exit $rc' "$bin"; rc=$?
kill $pinger 2>/dev/null
check rot $rc
n=$("$bin" read -q --stats -j "$out/rot0.pcap" 2>/dev/null | jq .stats.records)
[ -n "$n" ] && [ "$n" -gt 5000 ] && ok || bad "rotation: the first file is not whole: ${n:-invalid}"

for c in "read -w /dev/full pcaps/echo4.pcap" "send -q -w /dev/full -c 10 127.0.0.1"; do
	"$bin" $c >/dev/null 2>"$out/e.err"; rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$out/e.err")" = "icmpkit: /dev/full: write failed: No space left on device" ] && ok ||
		bad "$c: exit $rc: $(cat "$out/e.err")"
done
# A disk already full: not even the header; said so, exit 2.
full none 4k bash -c 'head -c 4096 /dev/zero >@/fill; "$0" read -q -w @/f.pcap pcaps/echo4.pcap' "$bin"; rc=$?
[ $rc -eq 2 ] && grep -q 'not even the file header could be written' "$out/none.err" && ok ||
	bad "full disk from the start: exit $rc: $(cat "$out/none.err")"

lab_test_end
