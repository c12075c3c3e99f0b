#!/usr/bin/env bash
# Bad input: each case must end with exit 2 and exactly one stderr line
# "icmpkit: ..." -- never a crash, a hang or a silent success.
T=badinput
. "$(dirname "$0")/check.sh"

echo4=pcaps/echo4.pcap

# expect_err NAME PATTERN CMD... : exit 2, one line matching PATTERN.
expect_err() {
	local name=$1 pat=$2 rc lines
	shift 2
	timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q "^icmpkit: " "$tmp/err" &&
		grep -qE -- "$pat" "$tmp/err"; then
		pass=$((pass + 1))
	else
		echo "badinput: FAIL: $name: rc=$rc, $lines stderr lines:"
		sed 's/^/    /' "$tmp/err" | head -5
		fail=$((fail + 1))
	fi
}

printf 'this is not a capture\n' >"$tmp/text.pcap"
: >"$tmp/empty.pcap"
head -c 30 "$echo4" >"$tmp/short-header.pcap"

# No arguments is a usage error: the usage text, exit 2.
timeout 10 "$bin" >"$tmp/out" 2>"$tmp/err"
check "no arguments: usage on stderr, exit 2" \
	test $? -eq 2 -a "$(head -c 6 "$tmp/err")" = "usage:"
expect_err "unknown command" "unknown command 'frobnicate'; try icmpkit help$" "$bin" frobnicate
# Did you mean: commands, long options (names and the words of -c count,
# -i interval ...), type and code names.
expect_err "command typo" "unknown command 'pnig'; did you mean ping\?$" "$bin" pnig 198.51.100.1
expect_err "help of a typo" "help: unknown command 'raed'; did you mean read\?$" "$bin" help raed
expect_err "long option typo" "read: option --stast: unknown; did you mean --stats\?$" "$bin" read --stast "$echo4"
expect_err "long option for a letter" "ping: option --interval: unknown; did you mean -i\?$" "$bin" ping --interval 1 198.51.100.1
expect_err "long option, nothing near" "sniff: option --frobnicate: unknown or missing its value; see icmpkit help sniff$" "$bin" sniff --frobnicate
expect_err "type typo" "--type 'echo-reqest': .*; did you mean echo-request\? see icmpkit send --list-types$" "$bin" send -w "$tmp/t.pcap" -S 198.51.100.1 --type echo-reqest 203.0.113.1
expect_err "type of the other family" "--type 'neighbor-solicitation': .*ICMPv4; did you mean -6 \(an ICMPv6 type\)\?" \
	"$bin" send -w "$tmp/t.pcap" -S 198.51.100.1 --type neighbor-solicitation 203.0.113.1
expect_err "code typo, ICMPv6" "--code 'port-unreachble': not a code of dest-unreachable; did you mean port-unreachable\? see" \
	"$bin" send -6 -w "$tmp/t.pcap" -S 2001:db8::1 --type dest-unreachable --code port-unreachble 2001:db8::2
expect_err "read: no file" "no file" "$bin" read
expect_err "read: unknown option" "unknown option" "$bin" read -Z "$echo4"
expect_err "read: missing file" "nope.pcap: .*No such file" "$bin" read "$tmp/nope.pcap"
expect_err "read: directory" "$tmp" "$bin" read "$tmp"
expect_err "read: --reassemble with -w" "--reassemble: not with -w" "$bin" read --reassemble -w "$tmp/r.pcap" "$echo4"
expect_err "read: not a pcap" "text.pcap: " "$bin" read "$tmp/text.pcap"
expect_err "read: empty file" "empty.pcap: " "$bin" read "$tmp/empty.pcap"
expect_err "read: cut file header" "short-header.pcap: " "$bin" read "$tmp/short-header.pcap"
expect_err "read: bad filter" "filter 'icmp and and': " "$bin" read "$echo4" icmp and and
expect_err "read: -c abc" "-c count 'abc': not a number" "$bin" read -c abc "$echo4"
expect_err "read: -c 0" "-c count '0': out of range" "$bin" read -c 0 "$echo4"
expect_err "read: -c -1" "-c count '-1': out of range" "$bin" read -c -1 "$echo4"
expect_err "read: -c huge" "out of range" "$bin" read -c 99999999999999999999 "$echo4"
expect_err "read: -c without value" "needs a value" "$bin" read -c
# Long options without a letter are named as given, not as a byte.
expect_err "read: --stats=1" "option --stats=1: unknown or missing" "$bin" read --stats=1 "$echo4"
expect_err "sniff: --duration without value" "option --duration: unknown or missing" "$bin" sniff --duration
expect_err "read: -w /dev/full" "/dev/full: write failed" "$bin" read -q -w /dev/full "$echo4"
expect_err "read: -w no directory" "$tmp/no/such/dir.pcap" "$bin" read -w "$tmp/no/such/dir.pcap" "$echo4"
expect_err "read: stdout /dev/full" "stdout: write failed" sh -c "'$bin' read '$echo4' >/dev/full"
expect_err "read: JSON to /dev/full" "stdout: write failed" sh -c "'$bin' read -j '$echo4' >/dev/full"

expect_err "sniff -r with a live option" "sniff -r .*: -i is for live capture" "$bin" sniff -r "$echo4" -i lo
expect_err "read -r without value" "option -r: needs a value" "$bin" read -r

# Compressed captures that are damaged: one line naming the format.
gzip -c "$echo4" >"$tmp/crc.gz"
n=$(stat -c %s "$tmp/crc.gz")
printf '\xde\xad\xbe\xef' | dd of="$tmp/crc.gz" bs=1 seek=$((n - 8)) conv=notrunc status=none
expect_err "read: gzip, bad CRC" "crc.gz: truncated capture after record 12: gzip: invalid compressed data" "$bin" read "$tmp/crc.gz"
xz -c "$echo4" | head -c 200 >"$tmp/cut.xz"
expect_err "read: xz cut short" "cut.xz: .*xz: unexpected end of compressed data" "$bin" read "$tmp/cut.xz"
{ printf '\x28\xb5\x2f\xfd'; head -c 300 /dev/zero | tr '\0' '\377'; } >"$tmp/junk.zst"
expect_err "read: zstd magic, then junk" "junk.zst: zstd: invalid compressed data" "$bin" read "$tmp/junk.zst"
expect_err "read: zstd junk on stdin" "-: zstd: invalid compressed data" sh -c "'$bin' read - <'$tmp/junk.zst'"
printf '\x1f\x8b' >"$tmp/magic.gz"
expect_err "read: gzip magic only" "magic.gz: gzip: unexpected end of compressed data" "$bin" read "$tmp/magic.gz"

# Unreadable: root reads everything, so drop to nobody for this one.
cp "$echo4" "$tmp/secret.pcap"
chmod 600 "$tmp/secret.pcap"
chmod 755 "$tmp"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	expect_err "read: unreadable file" "secret.pcap: .*Permission denied" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" read "$tmp/secret.pcap"
elif [ "$(id -u)" != 0 ]; then
	chmod 000 "$tmp/secret.pcap"
	expect_err "read: unreadable file" "Permission denied" "$bin" read "$tmp/secret.pcap"
fi

# A capture cut mid-record: every complete record printed, then one line.
cut=pcaps/hostile-cut.pcap
if [ -f "$cut" ]; then
	expect_err "read: truncated capture" "hostile-cut.pcap: truncated capture after record 7" \
		"$bin" read "$cut"
	check "read: truncated capture prints the 7 complete records" \
		test "$(wc -l <"$tmp/out")" -eq 7
	# -w of a truncated input keeps what was complete and says so.
	expect_err "read: truncated capture with -w" "truncated capture" \
		"$bin" read -q -w "$tmp/partial.pcap" "$cut"
	check "read: -w kept the complete records" \
		test "$("$bin" read -q --stats "$tmp/partial.pcap" | awk '/^  records:/{print $2}')" -eq 7
else
	echo "badinput: FAIL: pcaps/hostile-cut.pcap missing"
	fail=$((fail + 1))
fi

# -w to /dev/full must not delete /dev/full, and a failed regular file
# must not be left claiming to be complete.
check "read: /dev/full still a device" test -c /dev/full

# Things that must work: stdin, -c, filter keeps frame numbers.
check "read: stdin" test "$("$bin" read - <"$echo4" | wc -l)" -eq "$("$bin" read "$echo4" | wc -l)"
check "read: -c 2" test "$("$bin" read -c 2 "$echo4" | wc -l)" -eq 2
check "read: filter keeps frame numbers" \
	test "$("$bin" read -j "$echo4" 'icmp[icmptype] == icmp-echoreply' | jq -s '.[0].frame')" \
	-eq "$("$bin" read -j "$echo4" | jq -s 'map(select(.name == "echo-reply"))[0].frame')"
check "read: -n accepted" "$bin" read -n -c 1 "$echo4" >/dev/null
check "help read" "$bin" help read >/dev/null
check "--version" "$bin" --version >/dev/null

echo "badinput: $pass passed, $fail failed ($bin)"
[ $fail = 0 ]
