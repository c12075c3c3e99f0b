#!/usr/bin/env bash
# tcpdump's habits on the command line and with files (read and send, no
# privileges): -w - writes a clean pcap stream, -w prints nothing unless
# --print.  Live capture's share is in tests/lab/sniff.sh.
T=habits
. "$(dirname "$0")/check.sh"

f=pcaps/echo4.pcap
v6=pcaps/echo6.pcap

# -w -: the stream on stdout is the file -w FILE writes, byte for byte,
# and reads back as the same messages; nothing else is on stdout.
"$bin" read -w "$tmp/file.pcap" "$f" >"$tmp/file.out" 2>"$tmp/file.err"
check "read -w FILE: exit 0, nothing printed" \
	test $? -eq 0 -a ! -s "$tmp/file.out" -a ! -s "$tmp/file.err"
"$bin" read -w - "$f" >"$tmp/stream.pcap" 2>"$tmp/stream.err"
check "read -w -: exit 0, stderr empty" test $? -eq 0 -a ! -s "$tmp/stream.err"
check "read -w -: the bytes of -w FILE" cmp -s "$tmp/file.pcap" "$tmp/stream.pcap"
"$bin" read "$f" >"$tmp/direct.txt"
"$bin" read - <"$tmp/stream.pcap" >"$tmp/back.txt"
check "read -w -: reads back as the same messages" cmp -s "$tmp/direct.txt" "$tmp/back.txt"
"$bin" read -w - "$f" | "$bin" read - >"$tmp/pipe.txt"
check "read -w - | read -: the same messages" cmp -s "$tmp/direct.txt" "$tmp/pipe.txt"
editcap -F pcapng "$v6" "$tmp/v6.pcapng"
"$bin" read "$v6" >"$tmp/v6.txt"
"$bin" read -w - "$tmp/v6.pcapng" >"$tmp/v6ng.pcap"
check "read -w - of pcapng: a classic pcap stream, same messages" \
	sh -c "od -An -tx4 -N4 '$tmp/v6ng.pcap' | grep -q a1b23c4d &&
		'$bin' read - <'$tmp/v6ng.pcap' | cmp -s - '$tmp/v6.txt'"

# --print: the messages too, on stderr when stdout carries the stream.
"$bin" read -w - --print --stats "$f" >"$tmp/p.pcap" 2>"$tmp/p.err"
check "read -w - --print: stream unchanged" cmp -s "$tmp/file.pcap" "$tmp/p.pcap"
check "read -w - --print: the lines on stderr" \
	sh -c "head -n $(wc -l <"$tmp/direct.txt") '$tmp/p.err' | cmp -s - '$tmp/direct.txt'"
check "read -w - --stats: the summary on stderr" grep -q "^  icmp messages: 10" "$tmp/p.err"
"$bin" read -w "$tmp/f2.pcap" --print "$f" >"$tmp/p2.out"
check "read -w FILE --print: the lines on stdout" cmp -s "$tmp/direct.txt" "$tmp/p2.out"
"$bin" read -w "$tmp/f3.pcap" -j --stats "$f" >"$tmp/p3.out"
check "read -w FILE --stats: only the summary" \
	test "$(wc -l <"$tmp/p3.out")" -eq 1 -a "$(jq -r .stats.icmp "$tmp/p3.out" 2>/dev/null)" = 10

# send -w -: the packets on stdout, the summary on stderr.
"$bin" send -w - -c 3 -i 0 -S 198.51.100.1 203.0.113.1 >"$tmp/s.pcap" 2>"$tmp/s.err"
check "send -w -: exit 0" test $? -eq 0
check "send -w -: three echo requests" \
	test "$("$bin" read - <"$tmp/s.pcap" | grep -c 'echo-request')" -eq 3
check "send -w -: the summary on stderr" grep -q "^3 packets written" "$tmp/s.err"
"$bin" send -v -w - -c 2 -i 0 -S 198.51.100.1 203.0.113.1 2>"$tmp/sv.err" | "$bin" read - >"$tmp/sv.txt"
check "send -v -w -: decoded lines on stderr, stream intact" \
	test "$(grep -c echo-request "$tmp/sv.err")" -eq 2 -a "$(grep -c echo-request "$tmp/sv.txt")" -eq 2

# Compressed captures, found by their first bytes (the names say nothing):
# the same output as the plain file, from a file, a redirection and a
# pipe; gzip of several members (as cat a.gz b.gz makes) too.
editcap -F pcapng pcaps/ttl-exceeded.pcap "$tmp/ttl.pcapng"
for src in "$f" "$v6" "$tmp/ttl.pcapng" pcaps/tunnels.pcap; do
	"$bin" read -v "$src" >"$tmp/plain.txt" 2>&1
	"$bin" read -j "$src" >"$tmp/plain.json" 2>&1
	for z in gzip zstd xz; do
		"$z" -c "$src" >"$tmp/cap.$z"
		n="read $z of ${src##*/}"
		"$bin" read -v "$tmp/cap.$z" >"$tmp/z.txt" 2>&1
		check "$n: as the plain file" cmp -s "$tmp/plain.txt" "$tmp/z.txt"
		"$bin" read -j - <"$tmp/cap.$z" >"$tmp/z.json" 2>&1
		check "$n, stdin, JSON: as the plain file" cmp -s "$tmp/plain.json" "$tmp/z.json"
		"$z" -c "$src" | "$bin" read -v - >"$tmp/zp.txt" 2>&1
		check "$n, from a pipe: as the plain file" cmp -s "$tmp/plain.txt" "$tmp/zp.txt"
	done
done
"$bin" read -v "$f" >"$tmp/plain.txt"
{ head -c 100 "$f" | gzip -c; tail -c +101 "$f" | gzip -c; } >"$tmp/two.gz"
"$bin" read -v "$tmp/two.gz" >"$tmp/two.txt" 2>&1
check "read gzip of two members: as the plain file" cmp -s "$tmp/plain.txt" "$tmp/two.txt"
{ head -c 100 "$f" | zstd -q -c; tail -c +101 "$f" | zstd -q -c; } >"$tmp/two.zst"
"$bin" read -v "$tmp/two.zst" >"$tmp/two.txt" 2>&1
check "read zstd of two frames: as the plain file" cmp -s "$tmp/plain.txt" "$tmp/two.txt"
{ head -c 100 "$f" | xz -c; tail -c +101 "$f" | xz -c; } >"$tmp/two.xz"
"$bin" read -v "$tmp/two.xz" >"$tmp/two.txt" 2>&1
check "read xz of two streams: as the plain file" cmp -s "$tmp/plain.txt" "$tmp/two.txt"
if [ -x bench/out/gen ] || cc -O2 -o "$tmp/gen" bench/gen.c $(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap) -lnet 2>/dev/null; then
	gen=bench/out/gen
	[ -x "$gen" ] || gen=$tmp/gen
	"$gen" "$tmp/mixed.pcap" 20000 >/dev/null
	"$bin" read -q --stats "$tmp/mixed.pcap" >"$tmp/mixed.txt"
	for z in gzip zstd xz; do
		"$z" -c "$tmp/mixed.pcap" | "$bin" read -q --stats - >"$tmp/mz.txt" 2>&1
		check "read $z of 20000 records: the same statistics" cmp -s "$tmp/mixed.txt" "$tmp/mz.txt"
	done
else
	check "bench/gen.c builds" false
fi

# read -r FILE (tcpdump's letter): every operand is then the filter;
# sniff -r FILE reads the file as read does, live-only options refused.
"$bin" read "$f" icmp[0] == 8 >"$tmp/r1.txt"
"$bin" read -r "$f" icmp[0] == 8 >"$tmp/r2.txt"
check "read -r FILE FILTER: as read FILE FILTER" \
	test -s "$tmp/r1.txt" -a "$(wc -l <"$tmp/r1.txt")" -eq 5
check "read -r FILE FILTER: same lines" cmp -s "$tmp/r1.txt" "$tmp/r2.txt"
"$bin" read -j -c 3 "$f" >"$tmp/r1.json"
"$bin" sniff -r "$f" -j -c 3 >"$tmp/r2.json"
check "sniff -r FILE: as read" cmp -s "$tmp/r1.json" "$tmp/r2.json"
"$bin" read -r "$tmp/cap.xz" >"$tmp/r3.txt" 2>&1
"$bin" read pcaps/tunnels.pcap >"$tmp/r4.txt" 2>&1
check "read -r of an xz file" cmp -s "$tmp/r3.txt" "$tmp/r4.txt"

# -l: each line leaves as soon as it is printed.  The writer holds the
# pipe open after the first record until the line has been seen (or 10 s).
# The end of record 3, the first ICMP message of the file.
first=24
for _ in 1 2 3; do
	first=$((first + 16 + $(od -An -tu4 -j$((first + 8)) -N4 "$f" | tr -d ' ')))
done
lbuf() { # OUT ARGS...: whether the first line shows up while the pipe is open
	local out=$1 i seen=1
	shift
	rm -f "$tmp/go"
	{
		head -c "$first" "$f"
		for i in $(seq 100); do [ -e "$tmp/go" ] && break; sleep 0.1; done
		tail -c +$((first + 1)) "$f"
	} | "$bin" read "$@" - >"$out" &
	for i in $(seq 30); do
		[ -s "$out" ] && { seen=0; break; }
		sleep 0.1
	done
	touch "$tmp/go"
	wait
	return $seen
}
lbuf "$tmp/l.txt" -l
check "read -l: the first line before the input ends" test $? -eq 0
"$bin" read "$f" >"$tmp/all.txt"
check "read -l: all lines in the end" cmp -s "$tmp/l.txt" "$tmp/all.txt"
lbuf "$tmp/nol.txt"
check "read without -l: block-buffered (the check above can fail)" test $? -ne 0
lbuf "$tmp/lj.txt" -l -j
check "read -l -j: the first object before the input ends" test $? -eq 0

# pcapng: each record's interface name (IDB if_name) and direction (EPB
# epb_flags) start its line, as tcpdump 4.99 prints -i any captures.  The
# file is made here from echo4.pcap's records: odd frames on "wlan1",
# outbound, even ones on "eth0", inbound.
jqq() { jq "$@" >/dev/null 2>&1; }
le32() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"; }
le16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))"; }
pad4() { head -c $(((4 - $1 % 4) % 4)) /dev/zero; }
idb() { # NAME
	local n=${#1}
	le32 1; le32 $((20 + n + (4 - n % 4) % 4 + 8))
	le16 1; le16 0; le32 65535
	le16 2; le16 "$n"; printf %s "$1"; pad4 "$n"
	le32 0; le32 $((20 + n + (4 - n % 4) % 4 + 8))
}
{
	printf '\x0a\x0d\x0d\x0a'; le32 28; le32 $((0x1a2b3c4d)); le16 1; le16 0
	printf '\xff\xff\xff\xff\xff\xff\xff\xff'; le32 28
	idb eth0
	idb wlan1
	at=24 i=0
	size=$(stat -c %s "$f")
	while [ "$at" -lt "$size" ]; do
		i=$((i + 1))
		cap=$(od -An -tu4 -j$((at + 8)) -N4 "$f" | tr -d ' ')
		len=$((28 + cap + (4 - cap % 4) % 4 + 12 + 4))
		le32 6; le32 "$len"; le32 $((i % 2)); le32 0; le32 "$i"; le32 "$cap"; le32 "$cap"
		tail -c +$((at + 17)) "$f" | head -c "$cap"; pad4 "$cap"
		le16 2; le16 4; le32 $((i % 2 ? 2 : 1)); le32 0
		le32 "$len"
		at=$((at + 16 + cap))
	done
} >"$tmp/two-if.pcapng"
"$bin" read -j "$f" >"$tmp/plain.json"
"$bin" read -j "$tmp/two-if.pcapng" >"$tmp/ng.json" 2>&1
check "pcapng: interface and direction of every record" \
	jqq -se 'length == 10 and all(if .frame % 2 == 1 then .ifname == "wlan1" and .direction == "out" else .ifname == "eth0" and .direction == "in" end)' "$tmp/ng.json"
check "pcapng: the rest as the plain capture (but the time)" \
	cmp -s <(jq -c 'del(.ifname, .direction, .ts, .rtt_ms)' "$tmp/ng.json") <(jq -c 'del(.ts, .rtt_ms)' "$tmp/plain.json")
"$bin" read "$tmp/two-if.pcapng" >"$tmp/ng.txt"
check "pcapng: text lines start with tcpdump's columns" \
	test "$(grep -c '^[0-9:.]* eth0  In  IP ' "$tmp/ng.txt")" -eq 5 -a "$(grep -c '^[0-9:.]* wlan1 Out IP ' "$tmp/ng.txt")" -eq 5
"$bin" read "$tmp/two-if.pcapng" 'icmp[0] == 0' >"$tmp/ngf.txt"
check "pcapng: names stay in step with a filter" \
	test "$(grep -c ' eth0  In  IP 203.0.113.2 > 198.51.100.2: ICMP echo-reply' "$tmp/ngf.txt")" -eq 5
gzip -c "$tmp/two-if.pcapng" >"$tmp/two-if.gz"
"$bin" read "$tmp/two-if.gz" >"$tmp/ngz.txt"
check "pcapng, gzip: the names too" cmp -s "$tmp/ng.txt" "$tmp/ngz.txt"
"$bin" read - <"$tmp/two-if.pcapng" >"$tmp/ngs.txt"
check "pcapng on stdin: no names (read once), the same messages" \
	test "$(grep -c ' IP ' "$tmp/ngs.txt")" -eq 10 -a "$(grep -c 'eth0\|wlan1' "$tmp/ngs.txt")" -eq 0
editcap -F pcapng "$f" "$tmp/noname.pcapng"
"$bin" read "$tmp/noname.pcapng" >"$tmp/nn.txt"
check "pcapng without if_name: lines as before" cmp -s "$tmp/nn.txt" "$tmp/all.txt"

echo "habits: $pass passed, $fail failed ($bin)"
[ "$fail" -eq 0 ]
