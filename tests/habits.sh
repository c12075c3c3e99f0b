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

echo "habits: $pass passed, $fail failed ($bin)"
[ "$fail" -eq 0 ]
