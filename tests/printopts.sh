#!/usr/bin/env bash
# tcpdump's output letters on read (no privileges): the timestamps of -t,
# -tt, -ttt, -tttt, -ttttt (local time, TZ honoured; --utc), the dumps of
# -x, -xx, -X, -XX, -A and the numbers of -#.  Each is compared with what
# tcpdump prints for the same records (the part of the line before the
# decode, and every dump line); the decode itself differs on purpose.
T=printopts
. "$(dirname "$0")/check.sh"

caps="pcaps/echo4.pcap pcaps/echo6.pcap pcaps/port-unreachable.pcap
pcaps/ttl-exceeded.pcap pcaps/hostile-badsum.pcap"

# What is not the decode: the text before " IP "/" IP6 " on a line
# that has one, and the dump lines (tab or no tab, as they come).
frame() { sed -E 's/(^| )IP6? .*/\1/'; }

# The records tcpdump and icmpkit both show: the ICMP ones, numbered by
# their position in the file (-# in tcpdump counts what passes the
# filter, so tcpdump reads the whole file and the others are dropped).
tcpd() { # ZONE FILE OPTION...
	local tz=$1 f=$2
	shift 2
	TZ=$tz tcpdump -nn "$@" -r "$f" 'icmp or icmp6' 2>/dev/null
}

if ! command -v tcpdump >/dev/null; then
	if [ "${CI:-}" = true ]; then
		echo "$T: FAIL: tcpdump is not installed (make deps)"
		exit 1
	fi
	echo "$T: SKIP: no tcpdump to compare with (make deps installs it)"
else
	for f in $caps; do
		for o in "" -t -tt -ttt -tttt -ttttt -x -xx -X -XX -A "-ttt -XX"; do
			# shellcheck disable=SC2086
			tcpd XST-5:45 "$f" $o | frame >"$tmp/want"
			# shellcheck disable=SC2086
			TZ=XST-5:45 "$bin" read $o "$f" | frame >"$tmp/got"
			check "$f ${o:-(default)}: as tcpdump, local time" \
				cmp -s "$tmp/want" "$tmp/got"
		done
		tcpd UTC "$f" -tttt | frame >"$tmp/want"
		TZ=XST-5:45 "$bin" read --utc -tttt "$f" | frame >"$tmp/got"
		check "$f --utc -tttt: tcpdump's time in UTC" \
			cmp -s "$tmp/want" "$tmp/got"
	done
	# -#: with no other records in the file, tcpdump's count is the frame
	f=pcaps/hostile-badsum.pcap
	tcpd UTC "$f" -# | frame >"$tmp/want"
	TZ=UTC "$bin" read -# "$f" | frame >"$tmp/got"
	check "$f -#: numbered as tcpdump" cmp -s "$tmp/want" "$tmp/got"
fi

# Without tcpdump: the same rules as fixed strings.
f=pcaps/echo4.pcap
first() { "$bin" read "$@" "$f" | head -1 | frame; }
check "local time by default" test "$(TZ=XST-5:45 first)" = "03:00:42.585679 "
check "--utc" test "$(TZ=XST-5:45 first --utc)" = "21:15:42.585679 "
check "-tttt" test "$(TZ=XST-5:45 first -tttt)" = "2026-11-27 03:00:42.585679 "
check "-tt" test "$(TZ=XST-5:45 first -tt)" = "1795727742.585679 "
check "-t" test -z "$(first -t)"
check "-ttt second line" test "$("$bin" read -ttt "$f" | sed -n 2p | frame)" = " 00:00:00.000028 "
check "-# pads to 5" test "$(TZ=UTC first -#)" = "    3  21:15:42.585679 "
check "--number" test "$(TZ=UTC first --number -t)" = "    3  "
check "JSON stays UTC" test "$(TZ=XST-5:45 "$bin" read -j -tttt "$f" | head -1 | jq -r .ts)" = \
	"2026-11-26T21:15:42.585679669Z"
check "-x: hex without ASCII" test "$("$bin" read -x "$f" | sed -n 2p)" = \
	"$(printf '\t0x0000:  4500 0054 d736 4000 4001 fd39 c633 6402')"
check "-xx starts at the link header" test "$("$bin" read -xx "$f" | sed -n 2p | cut -c11-24)" = \
	"0200 0000 0101"
check "-A: the bytes as text below the line" test "$("$bin" read -A "$f" | sed -n 2p | cut -c1-4)" = "E..T"

# More than five t's is one line on stderr and exit 2.
"$bin" read -tttttt "$f" >"$tmp/out" 2>"$tmp/err"
check "-tttttt: exit 2, one line" test $? -eq 2 -a ! -s "$tmp/out" -a "$(wc -l <"$tmp/err")" -eq 1
check "-tttttt: the message" grep -qx 'icmpkit: -t: given 6 times; -ttttt is the most' "$tmp/err"

echo "$T: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
