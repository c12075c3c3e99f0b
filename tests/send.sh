#!/usr/bin/env bash
# tests/send.sh - icmpkit send without privileges (make check).
#
# Everything here is a dry run (-w FILE: libnet LIBNET_NONE, nothing is
# sent) read back by `icmpkit read -j` and by tshark; the only real send
# is the "no permission" case, to 127.0.0.1, as user nobody, and it must
# fail before a packet leaves.  Names that need a resolver are looked up
# inside a throwaway network namespace (unshare -rn) so that no DNS query
# leaves the host.
#
# Needs: tshark, jq, od (coreutils), mergecap (wireshark-common).
set -u
cd "$(dirname "$0")/.." || exit 2
bin=$(realpath "${ICMPKIT:-./icmpkit}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
t_start=$EPOCHREALTIME

for c in tshark jq od mergecap; do
	command -v "$c" >/dev/null || {
		echo "send: $c not found (apt-get install tshark jq coreutils wireshark-common)" >&2
		exit 2
	}
done
[ -x "$bin" ] || {
	echo "send: $bin not built (make)" >&2
	exit 2
}

ok() { pass=$((pass + 1)); }
bad() {
	echo "send: FAIL: $*"
	fail=$((fail + 1))
}
# is NAME WANT CMD...: the output of CMD is WANT.
is() {
	local name=$1 want=$2 got
	shift 2
	got=$("$@")
	if [ "$got" = "$want" ]; then ok; else bad "$name: got '$got', want '$want'"; fi
}
# check NAME CMD...: CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}

# Documentation addresses (RFC 5737 / 3849); dry runs only.
H4=203.0.113.2 S4=198.51.100.2 GW4=198.51.100.1
H6=2001:db8:2::2 S6=2001:db8:1::2

# dry NAME ARGS...: icmpkit send -q -w $tmp/NAME.pcap ARGS; 0 if it worked.
dry() {
	local name=$1
	shift
	if ! timeout 20 "$bin" send -q -w "$tmp/$name.pcap" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		bad "$name: send $* failed: $(head -2 "$tmp/$name.err")"
		return 1
	fi
}
# jcheck NAME EXPR: the decoded packets of NAME (read -j -e), as one JSON
# array, satisfy EXPR.
jcheck() {
	local name=$1 expr=$2 got
	got=$("$bin" read -j -e "$tmp/$name.pcap" 2>&1)
	if jq -se "$expr" >/dev/null 2>&1 <<<"$got"; then ok; else
		bad "$name: expected $expr; got $(head -c 600 <<<"$got" | tr '\n' ' ')"
	fi
}
# tf NAME FIELDS...: tshark -T fields, tab separated, one line per frame.
tf() {
	local name=$1 a=() f
	shift
	for f; do a+=(-e "$f"); done
	tshark -o ip.defragment:FALSE -o ipv6.defragment:FALSE -n -r "$tmp/$name.pcap" \
		-T fields "${a[@]}" 2>/dev/null
}
# tf1 NAME FIELDS...: as tf, but only the outer header's value of each
# field (an error's quoted header gives a second one) and ip.id in decimal.
tf1() {
	local name=$1
	shift
	tf "$name" "$@" | awk -F'\t' -v OFS=' ' -v f="$*" '
		function hex(s, i, n) {
			s = tolower(substr(s, 3))
			for (i = 1; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		BEGIN { split(f, names, " ") }
		{ $1 = $1
		  for (i = 1; i <= NF; i++) {
			sub(/,.*/, "", $i)
			if (names[i] == "ip.id" && $i ~ /^0x/) $i = hex($i)
		  } print }'
}
# frame_hex FILE N: the bytes of record N (1-based) of a pcap, as hex.
frame_hex() {
	local f=$1 n=$2 off=24 i len
	for ((i = 1; ; i++)); do
		len=$(od -An -tu4 -j $((off + 8)) -N4 "$f" | tr -d ' ')
		[ -n "$len" ] || return 1
		if ((i == n)); then
			od -An -tx1 -v -j $((off + 16)) -N "$len" "$f" | tr -d ' \n'
			return 0
		fi
		off=$((off + 16 + len))
	done
}
# payload_hex NAME HDRLEN [N]: frame N's bytes after HDRLEN bytes of headers.
payload_hex() {
	local h
	h=$(frame_hex "$tmp/$1.pcap" "${3:-1}") || return 1
	echo "${h:$((2 * $2))}"
}
# repeat_hex HEX SIZE: HEX repeated and cut to SIZE bytes.
repeat_hex() {
	local s=""
	while ((${#s} < 2 * $2)); do s+=$1; done
	echo "${s:0:$((2 * $2))}"
}

# Names that need a resolver are looked up in a network namespace of their
# own (an unprivileged user namespace): the query cannot leave the host.
if unshare -rn true 2>/dev/null; then
	NONET=(unshare -rn)
else
	NONET=()
fi

# ---------------------------------------------------------------------
# 1. Every type of `send --list-types`, by name and by number, every code:
#    read -j gives the fields asked for.

# The types built from their field description: VER/TYPE/CODE globs, the
# field options, the jq condition on what read -j makes of them.
fields_table() {
	cat <<'EOF'
4/42/* 6/160/*|--id 4660 --seq 7 --local true|.id == 4660 and .local == true and .len == 8
4/43/* 6/161/*|--id 4660 --seq 7 --state 3 --active true --ipv4 true|.id == 4660 and .state == 3 and .active == true and .ipv4 == true and .ipv6 == false
6/130/* 6/131/* 6/132/*|--group ff02::db8 --max-resp 1000|.group == "ff02::db8" and .max_resp == 1000 and .ttl == 1 and .len == 24
6/143/*|--records 1 --body 04000000ff020000000000000000000000000db8|.records == 1 and .ttl == 1 and .len == 28
6/134/*|--hop-limit 64 --flags 0x80 --router-lifetime 1800 --body 0501000000000514|.hop_limit == 64 and .flags == 128 and .router_lifetime == 1800 and .options[0].mtu == 1300 and .ttl == 255 and .len == 24
6/137/*|--target fe80::1 --dest 2001:db8:9::1|.target == "fe80::1" and .dest == "2001:db8:9::1" and .ttl == 255 and .len == 40
6/138/*|--rr-seq 9 --segment 2 --max-delay 100|.rr_seq == 9 and .segment == 2 and .max_delay == 100 and .ttl == 255 and .len == 16
6/139/* 6/140/*|--qtype 2 --nonce 0102030405060708|.qtype == 2 and .nonce == "0102030405060708" and .len == 16
6/144/* 6/145/* 6/146/* 6/147/*|--mip-id 77|.mip_id == 77
6/155/1|--instance 1 --version 2 --rank 256 --dtsn 3 --dodagid 2001:db8::1|.instance == 1 and .version == 2 and .rank == 256 and .dtsn == 3 and .dodagid == "2001:db8::1" and .len == 28
6/155/2|--instance 1 --rpl-seq 5|.instance == 1 and .rpl_seq == 5
6/155/3|--instance 1 --rpl-seq 5 --status 4|.instance == 1 and .rpl_seq == 5 and .status == 4
6/155/*|--body 0000|.len == 10
*|--body 0a0b0c0d|.len == 12
EOF
}
# fields_case VER TYPE CODE args|expect: that column of the first row
# whose glob matches.
fields_case() {
	local - pats args expect p
	set -f # the globs are for case, not for file names
	while IFS='|' read -r pats args expect; do
		for p in $pats; do
			# shellcheck disable=SC2254  # the table's globs
			case "$1/$2/$3" in $p)
				if [ "$4" = args ]; then echo "$args"; else echo "$expect"; fi
				return 0 ;;
			esac
		done
	done < <(fields_table)
}
# type_args VER TYPE CODE: the options the type needs or we want to see.
type_args() {
	case "$1/$2" in
	4/8 | 4/0 | 4/15 | 4/16 | 6/128 | 6/129) echo "--id 4660 --seq 7 -s 33" ;;
	4/13 | 4/14 | 4/17) echo "--id 4660 --seq 7" ;;
	4/18) echo "--id 4660 --seq 7 --mask 255.255.0.0" ;;
	4/5) echo "--gateway $GW4" ;;
	4/3) [ "$3" = 4 ] && echo "--mtu 1400" ;;
	4/12) echo "--pointer 20" ;;
	4/9) echo "--lifetime 600" ;;
	6/2) echo "--mtu 1400" ;;
	6/4) echo "--pointer 40" ;;
	6/135) echo "--target 2001:db8:2::99" ;;
	6/136) echo "--na-flags rs" ;;
	4/11 | 4/4 | 4/10 | 6/1 | 6/3 | 6/133) ;;
	*) fields_case "$@" args ;;
	esac
}
# type_expect VER TYPE CODE: jq condition on each decoded packet.
type_expect() {
	local h=$H4 s=$S4 q
	[ "$1" = 6 ] && h=$H6 s=$S6
	q=".quoted.src == \"$h\" and .quoted.dst == \"$s\" and .quoted.proto == \"udp\" and .quoted.sport == 33434 and .quoted.dport == 33434 and .quoted.ttl == 1"
	case "$1/$2" in
	4/8 | 4/0 | 4/15 | 4/16 | 6/128 | 6/129) echo ".id == 4660 and .len == 41" ;;
	4/13) echo ".id == 4660 and .len == 20 and .originate < 86400000 and .receive == 0 and .transmit == 0" ;;
	4/14) echo ".id == 4660 and .len == 20 and .originate < 86400000 and .receive == .originate and .transmit == .originate" ;;
	4/17) echo ".id == 4660 and .mask == \"0.0.0.0\"" ;;
	4/18) echo ".id == 4660 and .mask == \"255.255.0.0\"" ;;
	4/3) if [ "$3" = 4 ]; then echo ".mtu == 1400 and $q"; else echo "$q"; fi ;;
	4/5) echo ".gateway == \"$GW4\" and $q" ;;
	4/12) echo ".pointer == 20 and $q" ;;
	4/11 | 4/4 | 6/1 | 6/3) echo "$q" ;;
	4/9) echo ".lifetime == 600 and .addrs == 1 and .len == 16" ;;
	4/10) echo ".len == 8" ;;
	6/2) echo ".mtu == 1400 and $q" ;;
	6/4) echo ".pointer == 40 and $q" ;;
	6/135) echo ".target == \"2001:db8:2::99\" and .ttl == 255 and .len == 24" ;;
	6/136) echo ".target == \"$s\" and .flags == 6 and .ttl == 255 and .len == 24" ;;
	6/133) echo ".ttl == 255 and .len == 8" ;;
	*) fields_case "$@" expect ;;
	esac
}
# Query types: seq 7, 8 and one id for both packets.
has_seq() { case "$1/$2" in 4/8 | 4/0 | 4/15 | 4/16 | 4/13 | 4/14 | 4/17 | 4/18 | 4/42 | 4/43 | 6/128 | 6/129 | 6/160 | 6/161) return 0 ;; esac; return 1; }

"$bin" send --list-types >"$tmp/types" 2>&1 ||
	bad "--list-types: exit $?"
ntypes=$(grep -c '^icmp' "$tmp/types")
check "--list-types lists the decoder's 55 types (got $ntypes)" test "$ntypes" -eq 55
# Every field key of the decoder's description is an option of send.
nkeys=0
for k in $(sed -n 's/^ *fields: //p' "$tmp/types" | tr ' ' '\n' | sort -u); do
	nkeys=$((nkeys + 1))
	"$bin" help send | grep -q -e "--${k//_/-}\b" || bad "field $k has no option --${k//_/-}"
done
check "--list-types names 45 field keys (got $nkeys)" test "$nkeys" -eq 45
merge4=() merge6=() expect4="" expect6=""
while read -r fam num name rest; do
	[[ $fam == icmp* ]] || continue # the fields and how it is built
	ver=4 dst=$H4 src=$S4
	[ "$fam" = icmp6 ] && ver=6 dst=$H6 src=$S6
	ncodes=1
	if [[ $rest == codes:* ]]; then
		ncodes=$(tr ',' '\n' <<<"$rest" | wc -l)
	fi
	for ((code = 0; code < ncodes; code++)); do
		for how in name number; do
			tsel=$name csel=$code
			[ $how = number ] && tsel=$num
			# By name, the code by its name too (from --list-types).
			if [ $how = name ] && ((ncodes > 1)); then
				csel=$(tr ',' '\n' <<<"${rest#codes: }" | sed -n "$((code + 1))p" | sed 's/^ *[0-9]*=//')
			fi
			n=t$ver-$num-$code-$how
			# shellcheck disable=SC2046  # type_args is split on purpose
			dry "$n" --type "$tsel" --code "$csel" -c 2 -i 0 -S "$src" \
				$(type_args $ver "$num" "$code") "$dst" || continue
			e=$(type_expect $ver "$num" "$code")
			seqc="true"
			has_seq $ver "$num" && seqc='.[0].seq == 7 and .[1].seq == 8 and .[0].id == .[1].id'
			jcheck "$n" "length == 2 and $seqc and all(.[]; .ip == $ver and .type == $num and .code == $code and .name == \"$name\" and .checksum == \"ok\" and .src == \"$src\" and .dst == \"$dst\" and (has(\"truncated\") | not) and $e)"
			if [ $ver = 4 ]; then
				merge4+=("$tmp/$n.pcap")
				expect4+="$num $code"$'\n'"$num $code"$'\n'
			else
				merge6+=("$tmp/$n.pcap")
				expect6+="$num $code"$'\n'"$num $code"$'\n'
			fi
		done
	done
done <"$tmp/types"
check "every type and code was built (${#merge4[@]} v4 + ${#merge6[@]} v6 runs)" \
	test $((${#merge4[@]} + ${#merge6[@]})) -eq $(((48 + 55) * 2))

# 2. tshark agrees: type, code, checksum status good for every packet.
tshark_types() { # VER EXPECTED FILES...
	local ver=$1 exp=$2 got bad_ck
	shift 2
	mergecap -a -F pcap -w "$tmp/all$ver.pcap" "$@" 2>"$tmp/merge.err" ||
		{ bad "mergecap: $(cat "$tmp/merge.err")"; return; }
	if [ "$ver" = 4 ]; then
		tf all4 icmp.type icmp.code icmp.checksum.status >"$tmp/ts$ver"
	else
		tf all6 icmpv6.type icmpv6.code icmpv6.checksum.status >"$tmp/ts$ver"
	fi
	got=$(cut -f1,2 "$tmp/ts$ver" | tr '\t' ' ')
	if [ "$got" = "${exp%$'\n'}" ]; then ok; else
		bad "tshark v$ver type/code differ: $(diff <(echo "$got") <(echo "${exp%$'\n'}") | head -5 | tr '\n' ' ')"
	fi
	bad_ck=$(awk -F'\t' '$3 != "1"' "$tmp/ts$ver" | head -3 | tr '\n' ' ')
	if [ -z "$bad_ck" ] && [ -s "$tmp/ts$ver" ]; then ok; else
		bad "tshark v$ver checksum status not good: $bad_ck"
	fi
}
tshark_types 4 "$expect4" "${merge4[@]}"
tshark_types 6 "$expect6" "${merge6[@]}"

# Odd payload sizes, both families: tshark checksum good for each.
for v in 4 6; do
	files=()
	for s in 0 1 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31 33 101 1001; do
		if [ $v = 4 ]; then a=(-S "$S4" "$H4"); else a=(-S "$S6" "$H6"); fi
		dry "odd$v-$s" -c 3 -i 0 -s $s "${a[@]}" && files+=("$tmp/odd$v-$s.pcap")
	done
	mergecap -a -F pcap -w "$tmp/odd$v.pcap" "${files[@]}"
	tf "odd$v" icmp.checksum.status icmpv6.checksum.status | tr -d '\t' >"$tmp/oddck"
	check "v$v odd sizes: 60 packets, tshark checksum good ($(sort "$tmp/oddck" | uniq -c | tr '\n' ' '))" \
		test "$(grep -c '^1$' "$tmp/oddck")" -eq 60
	jcheck "odd$v" "length == 60 and all(.[]; .checksum == \"ok\")"
done

# ---------------------------------------------------------------------
# 3. Counting, sequence numbers, IP ids, timestamps.

dry seq4 -c 5 --seq 7 --ip-id 100 -S $S4 $H4 &&
	jcheck seq4 '[.[].seq] == [7,8,9,10,11] and ([.[].id] | unique | length) == 1'
is "seq4: ip.id" "100 101 102 103 104" eval "tf1 seq4 ip.id | xargs"
dry seq6 -c 5 --seq 7 -S $S6 $H6 &&
	jcheck seq6 '[.[].seq] == [7,8,9,10,11] and ([.[].id] | unique | length) == 1'
dry seqwrap -c 3 --seq 65535 --ip-id 65535 -S $S4 $H4 &&
	jcheck seqwrap '[.[].seq] == [65535,0,1]'
is "seqwrap: ip.id wraps" "65535 0 1" eval "tf1 seqwrap ip.id | xargs"
# --seq 0 is a sequence number like any other.
dry seq0 -c 2 --seq 0 -S $S4 $H4 && jcheck seq0 '[.[].seq] == [0,1]'
dry idarg --id 0 -S $S4 $H4 && jcheck idarg '.[0].id == 0'
dry summary -c 3 -i 0 -S $S4 $H4
"$bin" send -w "$tmp/sum.pcap" -c 3 -i 0.5 -S $S4 $H4 >"$tmp/sum.out" 2>&1
check "summary line: $(cat "$tmp/sum.out")" grep -qE '^3 packets written, 0 failed, 1\.000 s' "$tmp/sum.out"
check "-q: no summary (dry runs here all pass -q)" test ! -s "$tmp/summary.out"

# Intervals: pcap timestamps on the schedule.
gaps() { # NAME: the gaps between frames, in ms, rounded to 1 us
	tf "$1" frame.time_epoch | awk 'NR > 1 { printf "%.3f ", ($1 - p) * 1000 } { p = $1 }'
}
dry ival -i 0.25 -c 4 -S $S4 $H4 &&
	is "-i 0.25 -c 4: gaps (ms)" "250.000 250.000 250.000 " gaps ival
dry rate --rate 4 -c 4 -S $S4 $H4 &&
	is "--rate 4 -c 4: gaps (ms)" "250.000 250.000 250.000 " gaps rate
dry usec -i 0.0005 -c 3 -S $S6 $H6 &&
	is "-i 0.0005: gaps (ms)" "0.500 0.500 " gaps usec
# -v: each packet as the decoder reads it, then the summary.
"$bin" send -v -w "$tmp/v.pcap" -c 2 -i 0 --seq 5 -S $S4 $H4 >"$tmp/v.out" 2>&1
check "-v: two decoded lines and the summary: $(tr '\n' '|' <"$tmp/v.out")" \
	test "$(grep -c 'echo-request, id [0-9]*, seq [56], length 64.*(ok)' "$tmp/v.out")" = 2 -a \
	"$(tail -1 "$tmp/v.out" | cut -d, -f1)" = "2 packets written"
dry flood --flood -c 1000 -S $S4 $H4 &&
	jcheck flood 'length == 1000 and .[999].seq == 1000'

# ---------------------------------------------------------------------
# 4. Header bits: TTL, TOS / traffic class, DF, IP id.

dry hdr4 -t 7 -Q 184 -D --ip-id 4242 -S $S4 $H4 &&
	is "hdr4: ttl/dsfield/df/id" "7 0xb8 1 4242" tf1 hdr4 ip.ttl ip.dsfield ip.flags.df ip.id
dry hdr4b -t 255 -Q 1 -S $S4 $H4 &&
	is "hdr4b: ttl/dsfield/df" "255 0x01 0" tf1 hdr4b ip.ttl ip.dsfield ip.flags.df
dry hdr6 -t 7 -Q 184 -S $S6 $H6 &&
	is "hdr6: hlim/tclass" "7 0x000000b8" tf1 hdr6 ipv6.hlim ipv6.tclass
# ping's -Q takes hex too (iputils: "decimal or hex number").
dry hdrhex -Q 0xb8 -S $S4 $H4 &&
	is "-Q 0xb8: dsfield" 0xb8 tf1 hdrhex ip.dsfield
for e in 3 11 12; do
	dry "hdrerr$e" --type $e -t 9 -Q 16 -D --ip-id 77 -S $S4 $H4
	is "error $e: ttl/dsfield/df/id" "9 0x10 1 77" tf1 "hdrerr$e" ip.ttl ip.dsfield ip.flags.df ip.id
done

# ---------------------------------------------------------------------
# 5. Payloads: exactly the bytes asked for.

for s in 1 7 33 1001; do
	dry "pat$s" -s $s -p abcd01 -S $S4 $H4 &&
		check "-s $s -p abcd01" test "$(payload_hex "pat$s" 28)" = "$(repeat_hex abcd01 $s)"
	dry "pat6$s" -s $s -p ff -S $S6 $H6 &&
		check "v6 -s $s -p ff" test "$(payload_hex "pat6$s" 48)" = "$(repeat_hex ff $s)"
done
dry pat56 -p 0a0B -S $S4 $H4 &&
	check "-p default size 56" test "$(payload_hex pat56 28)" = "$(repeat_hex 0a0b 56)"
is "-p: tshark data field" "$(repeat_hex abcd01 33)" tf pat33 data.data
check "-p: read -X shows the pattern" grep -q 'abcd 01ab cd01' <("$bin" read -X "$tmp/pat33.pcap")
dry pstr --payload-string 'hello, world' -S $S4 $H4 &&
	check "--payload-string" test "$(payload_hex pstr 28)" = "$(printf 'hello, world' | od -An -tx1 | tr -d ' \n')"
dry pstr13 --payload-string 'ab' -s 13 -S $S6 $H6 &&
	check "--payload-string -s 13" test "$(payload_hex pstr13 48)" = "$(repeat_hex 6162 13)"
printf 'x\0y\377\n' >"$tmp/pfile"
dry pfile --payload-file "$tmp/pfile" -S $S4 $H4 &&
	check "--payload-file" test "$(payload_hex pfile 28)" = "780079ff0a"
head -c 3001 /dev/urandom >"$tmp/pfile2"
dry pfile2 --payload-file "$tmp/pfile2" -S $S6 $H6 &&
	check "--payload-file 3001 random bytes" test "$(payload_hex pfile2 48)" = "$(od -An -tx1 -v "$tmp/pfile2" | tr -d ' \n')"
dry pfile3 --payload-file "$tmp/pfile" -s 11 -S $S4 $H4 &&
	check "--payload-file -s 11" test "$(payload_hex pfile3 28)" = "$(repeat_hex 780079ff0a 11)"
: >"$tmp/empty"
dry pempty --payload-file "$tmp/empty" -S $S4 $H4 && jcheck pempty '.[0].len == 8'
dry s0 -s 0 -S $S4 $H4 && jcheck s0 '.[0].len == 8 and .[0].checksum == "ok"'
dry smax4 -s 65507 -S $S4 $H4 && jcheck smax4 '.[0].len == 65515 and .[0].checksum == "ok" and (.[0] | has("truncated") | not)'
is "-s 65507: ip.len" 65535 tf1 smax4 ip.len
dry smax6 -s 65527 -S $S6 $H6 && jcheck smax6 '.[0].len == 65535 and .[0].checksum == "ok" and (.[0] | has("truncated") | not)'
dry smaxl -s 65507 --link --src-mac 02:00:00:00:01:02 --dst-mac 02:00:00:00:01:01 -S $S4 $H4 &&
	jcheck smaxl '.[0].len == 65515 and .[0].checksum == "ok" and (.[0] | has("truncated") | not)'

# The default echo payload: a struct timeval (host order) of the send
# time, then bytes 16, 17, ... as ping's.
now0=$(date +%s)
dry stamp -c 2 -s 56 -S $S4 $H4
now1=$(date +%s)
# pcap timestamp of frame 1 (nanosecond file) and the payload's timeval.
read -r ts_s ts_ns < <(od -An -tu4 -j 24 -N8 "$tmp/stamp.pcap")
read -r pl_s pl_us < <(od -An -td8 -j $((24 + 16 + 28)) -N16 "$tmp/stamp.pcap")
check "stamp: payload time $pl_s.$pl_us within [$now0, $now1]" test "$pl_s" -ge "$now0" -a "$pl_s" -le "$now1"
check "stamp: payload time = packet time ($pl_s.$pl_us vs $ts_s.$ts_ns)" \
	test "$pl_s" = "$ts_s" -a "$pl_us" = "$((ts_ns / 1000))"
check "stamp: bytes 16..55 count up" test "$(payload_hex stamp $((28 + 16)))" = "$(printf '%02x' $(seq 16 55) | tr -d ' ')"
dry stamp6 -s 20 -S $S6 $H6
read -r pl_s pl_us < <(od -An -td8 -j $((24 + 16 + 48)) -N16 "$tmp/stamp6.pcap")
check "stamp6: payload time $pl_s within [$now0, $((now1 + 5))]" test "$pl_s" -ge "$now0" -a "$pl_s" -le "$((now1 + 5))"
dry nostamp -s 15 -S $S4 $H4 &&
	check "-s 15: too small for a timeval, bytes 0..14" test "$(payload_hex nostamp 28)" = "000102030405060708090a0b0c0d0e"

# Errors: --quote none, --quote-file.
dry qnone --type time-exceeded --quote none -S $S4 $H4 && jcheck qnone '.[0].len == 8 and (.[0] | has("quoted") | not) and .[0].checksum == "ok"'
head -c 37 /dev/urandom >"$tmp/q37"
dry qfile --type dest-unreachable --code 3 --quote-file "$tmp/q37" -S $S6 $H6 &&
	jcheck qfile '.[0].len == 45 and .[0].checksum == "ok"'
check "--quote-file: the bytes" test "$(payload_hex qfile 48)" = "$(od -An -tx1 -v "$tmp/q37" | tr -d ' \n')"

# ---------------------------------------------------------------------
# 6. Link mode: the Ethernet header.

L=(--link --src-mac 02:00:00:00:01:02 --dst-mac 02:00:00:00:01:01)
dry link4 "${L[@]}" -c 2 -S $S4 $H4 &&
	jcheck link4 'all(.[]; .eth_src == "02:00:00:00:01:02" and .eth_dst == "02:00:00:00:01:01" and .checksum == "ok")'
is "link4: tshark eth" "02:00:00:00:01:02 02:00:00:00:01:01 0x0800 1" eval "tf1 link4 eth.src eth.dst eth.type icmp.checksum.status | head -1"
dry link6 "${L[@]}" -S $S6 $H6 &&
	is "link6: tshark eth" "02:00:00:00:01:02 02:00:00:00:01:01 0x86dd 1" tf1 link6 eth.src eth.dst eth.type icmpv6.checksum.status
dry linkns "${L[@]}" --type neighbor-solicitation -S $S6 $H6 &&
	is "link NS: source link-layer option" "1 02:00:00:00:01:02 1" tf1 linkns icmpv6.opt.type icmpv6.opt.linkaddr icmpv6.checksum.status
dry linkna "${L[@]}" --type neighbor-advertisement -S $S6 $H6 &&
	is "link NA: target link-layer option" "2 02:00:00:00:01:02 1" tf1 linkna icmpv6.opt.type icmpv6.opt.linkaddr icmpv6.checksum.status
# Every type in link mode: nothing truncated, checksums good.
ltfiles=() ltnames=()
while read -r fam num name rest; do
	[[ $fam == icmp* ]] || continue # the fields and how it is built
	ver=4 dst=$H4 src=$S4
	[ "$fam" = icmp6 ] && ver=6 dst=$H6 src=$S6
	code=0
	[ "$ver/$num" = 4/3 ] && code=4
	# shellcheck disable=SC2046
	dry "lt$ver-$num" "${L[@]}" --type "$num" --code $code -S $src \
		$(type_args $ver "$num" $code) "$dst" || continue
	jcheck "lt$ver-$num" "length == 1 and .[0].type == $num and .[0].checksum == \"ok\" and (.[0] | has(\"truncated\") | not) and .[0].eth_src == \"02:00:00:00:01:02\""
	ltfiles+=("$tmp/lt$ver-$num.pcap")
	ltnames+=("v$ver $name")
done <"$tmp/types"
# tshark on all of them at once: checksum good, no complaint about lengths.
mergecap -a -F pcap -w "$tmp/lt.pcap" "${ltfiles[@]}"
i=0
while IFS= read -r ck; do
	case "$ck" in
	1\|*xceeds* | 1\|*ength*) bad "link ${ltnames[$i]}: tshark: $ck" ;;
	1\|*) ok ;;
	*) bad "link ${ltnames[$i]}: tshark checksum/expert: '$ck'" ;;
	esac
	i=$((i + 1))
done < <(tf lt icmp.checksum.status icmpv6.checksum.status _ws.expert.message |
	awk -F'\t' '{ print $1 $2 "|" $3 }')
check "link: tshark read ${#ltfiles[@]} frames (got $i)" test "$i" -eq 55

# ---------------------------------------------------------------------
# 6b. Options anywhere (GNU permutation): the same probes with the options
#     after HOST (and, in section 7, "--" before a HOST starting with '-').
if dry perm $H4 -c 3 --type timestamp-request; then
	jcheck perm 'length == 3 and all(.[]; .type == 13 and .dst == "'$H4'")'
fi
# ---------------------------------------------------------------------
# 7. Bad input: exit 2 and exactly one line "icmpkit: ...".

# expect_err NAME PATTERN CMD...
expect_err() {
	local name=$1 pat=$2 rc lines left=""
	shift 2
	if [ "$1" = nonet ]; then
		shift
		if [ ${#NONET[@]} = 0 ]; then
			echo "send: SKIP: $name (no unshare -rn for an offline resolver)"
			skip=$((skip + 1))
			return
		fi
		set -- "${NONET[@]}" "$@"
	fi
	rm -f "$tmp/bad.pcap"
	timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	# A run that fails leaves no capture file behind.
	[ -e "$tmp/bad.pcap" ] && left=" and left $tmp/bad.pcap"
	if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q "^icmpkit: " "$tmp/err" &&
		grep -qE -- "$pat" "$tmp/err" && [ -z "$left" ]; then
		ok
	else
		bad "bad input: $name: rc=$rc$left, $lines stderr lines: $(head -3 "$tmp/err" | tr '\n' '|')"
	fi
}
W=(-w "$tmp/bad.pcap")
expect_err "unknown type name" "--type 'bogus'" "$bin" send "${W[@]}" --type bogus $H4
expect_err "unknown engine" "--engine 'dpdk': not one of auto, xdp, ring, mmsg" "$bin" send "${W[@]}" --engine dpdk $H4
expect_err "type number out of range" "--type '256'" "$bin" send "${W[@]}" --type 256 $H4
expect_err "v6 type for v4" "--type 'mld-query'" "$bin" send "${W[@]}" --type mld-query $H4
expect_err "v4 type for v6" "--type 'mask-reply'" "$bin" send "${W[@]}" --type mask-reply $H6
expect_err "code out of range" "--code 16" "$bin" send "${W[@]}" --type dest-unreachable --code 16 $H4
expect_err "code out of range v6" "--code 8" "$bin" send "${W[@]}" --type 1 --code 8 $H6
expect_err "code for echo" "--code 1" "$bin" send "${W[@]}" --code 1 $H4
expect_err "unknown code name" "--code 'bogus'" "$bin" send "${W[@]}" --type 3 --code bogus $H4
expect_err "negative code" "--code" "$bin" send "${W[@]}" --type 3 --code -1 $H4
expect_err "bad address" "300\.1\.1\.1" nonet "$bin" send "${W[@]}" 300.1.1.1
expect_err "unresolvable name" "nosuch\.invalid" nonet "$bin" send "${W[@]}" nosuch.invalid
expect_err "-6 with an IPv4 address" "127\.0\.0\.1" nonet "$bin" send "${W[@]}" -6 127.0.0.1
expect_err "bad -S" "-S" nonet "$bin" send "${W[@]}" -S 1.2.3.4.5 $H4
expect_err "bad --gateway" "--gateway" nonet "$bin" send "${W[@]}" --type redirect --gateway nogw.invalid -S $S4 $H4
expect_err "-s 70000" "-s.*70000" "$bin" send "${W[@]}" -s 70000 $H4
expect_err "-s 65508 (v4)" "-s.*65508" "$bin" send "${W[@]}" -s 65508 -S $S4 $H4
expect_err "-s 65528 (v6)" "-s.*65528" "$bin" send "${W[@]}" -s 65528 -S $S6 $H6
expect_err "-s -1" "-s" "$bin" send "${W[@]}" -s -1 $H4
expect_err "-p zz" "-p 'zz'" "$bin" send "${W[@]}" -p zz $H4
expect_err "-p odd digits" "-p 'abc'" "$bin" send "${W[@]}" -p abc $H4
expect_err "-p empty" "-p" "$bin" send "${W[@]}" -p '' $H4
expect_err "--payload-file missing" "nope: No such file" "$bin" send "${W[@]}" --payload-file "$tmp/nope" $H4
expect_err "--quote-file missing" "nope: No such file" "$bin" send "${W[@]}" --type 3 --quote-file "$tmp/nope" $H4
expect_err "-w /dev/full" "/dev/full.*No space" "$bin" send -w /dev/full -S $S4 $H4
expect_err "-w /dev/full, many" "/dev/full.*No space" "$bin" send -w /dev/full -c 100000 -i 0 -S $S4 $H4
expect_err "-w missing directory" "nodir/x.pcap.*No such file" "$bin" send -w "$tmp/nodir/x.pcap" -S $S4 $H4
check "-w missing directory: nothing created" test ! -e "$tmp/nodir"
expect_err "--mtu on echo" "--mtu" "$bin" send "${W[@]}" --mtu 1000 -S $S4 $H4
expect_err "--mtu on port-unreachable" "--mtu" "$bin" send "${W[@]}" --type 3 --code 3 --mtu 1000 -S $S4 $H4
expect_err "--mtu on v6 dest-unreachable" "--mtu" "$bin" send "${W[@]}" --type 1 --mtu 1000 -S $S6 $H6
expect_err "--mtu 0" "--mtu" "$bin" send "${W[@]}" --type 3 --code 4 --mtu 0 -S $S4 $H4
expect_err "redirect without --gateway" "--gateway" "$bin" send "${W[@]}" --type redirect -S $S4 $H4
expect_err "--gateway on echo" "--gateway" "$bin" send "${W[@]}" --gateway $GW4 -S $S4 $H4
expect_err "--pointer 256 on v4" "--pointer" "$bin" send "${W[@]}" --type parameter-problem --pointer 256 -S $S4 $H4
expect_err "no HOST" "HOST" "$bin" send "${W[@]}"
expect_err "two HOSTs" "HOST" "$bin" send "${W[@]}" $H4 $H4
expect_err "--rate 0" "--rate '0'" "$bin" send "${W[@]}" --rate 0 $H4
expect_err "--rate abc" "--rate 'abc'" "$bin" send "${W[@]}" --rate abc $H4
expect_err "--rate -5" "--rate" "$bin" send "${W[@]}" --rate -5 $H4
expect_err "-i abc" "-i.*'abc'" "$bin" send "${W[@]}" -i abc $H4
expect_err "-i -1" "-i.*'-1'" "$bin" send "${W[@]}" -i -1 $H4
expect_err "-i nan" "-i.*'nan'" "$bin" send "${W[@]}" -i nan $H4
expect_err "-c abc" "-c.*'abc'" "$bin" send "${W[@]}" -c abc $H4
expect_err "-c -1" "-c.*'-1'" "$bin" send "${W[@]}" -c -1 $H4
expect_err "-c 1.5" "-c.*'1.5'" "$bin" send "${W[@]}" -c 1.5 $H4
expect_err "-t 256" "-t.*256" "$bin" send "${W[@]}" -t 256 $H4
expect_err "-Q 256" "-Q.*256" "$bin" send "${W[@]}" -Q 256 $H4
expect_err "--id 65536" "--id.*65536" "$bin" send "${W[@]}" --id 65536 $H4
expect_err "--seq x" "--seq" "$bin" send "${W[@]}" --seq x $H4
expect_err "--src-mac bad" "--src-mac" "$bin" send "${W[@]}" --link --src-mac zz --dst-mac 02:00:00:00:00:01 -S $S4 $H4
expect_err "--dst-mac bad" "--dst-mac" "$bin" send "${W[@]}" --link --dst-mac 1:2:3 -S $S4 $H4
expect_err "--na-flags bad" "--na-flags" "$bin" send "${W[@]}" --type 136 --na-flags x -S $S6 $H6
expect_err "--quote bad" "--quote" "$bin" send "${W[@]}" --type 3 --quote maybe $H4
expect_err "unknown option" "" "$bin" send "${W[@]}" --frobnicate $H4
expect_err "-c without value" "" "$bin" send -c
expect_err "-- ends options: '-c' is the HOST" "-c" nonet "$bin" send -q -w "$tmp/bad.pcap" -- -c

# 9. --from-json: JSON Lines in read -j's schema, one packet per object.
J=$tmp/j.json
{
	echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","ttl":7,"type":8,"code":0,"id":4660,"seq":9,"tos":16,"ip_id":77,"df":true,"payload":"0a0b0c"}'
	echo ''
	echo '{"ip":6,"src":"2001:db8:1::2","dst":"ff02::1","ttl":1,"type":130,"group":"ff02::db8","max_resp":1000,"qrv":2,"qqic":125,"flow":663679}'
	echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":0,"id":1,"seq":2,"checksum":"bad"}'
	echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":42,"seq":3,"local":true,"ts":"2024-01-01T12:00:00.500000000Z"}'
} >"$J"
dry fj1 --from-json "$J"
jcheck fj1 'length == 4 and (.[0] | .ttl == 7 and .id == 4660 and .seq == 9 and .tos == null and .len == 11 and .checksum == "ok") and (.[1] | .type == 130 and .group == "ff02::db8" and .qrv == 2 and .qqic == 125 and .len == 28 and .ttl == 1) and (.[2].checksum == "bad") and (.[3] | .type == 42 and .seq == 3 and .local == true and .ts == "2024-01-01T12:00:00.500000000Z")'
got=$("$bin" read -j -v "$tmp/fj1.pcap" | jq -sc '[.[0].tos, .[0].ip_id, .[0].df, .[1].flow]')
check "--from-json: tos, ip_id, df, flow taken ($got)" test "$got" = '[16,77,true,663679]'
# From stdin, -c stops after that many packets.
"$bin" send -q --from-json - -c 2 -w "$tmp/fj2.pcap" <"$J" 2>"$tmp/fj2.err"
jcheck fj2 'length == 2'
# Objects without "ts" are stamped on the schedule of -i (a dry run).
dry fj3 --from-json "$J" -c 2 -i 0.25
got=$("$bin" read -j "$tmp/fj3.pcap" | jq -rs '(.[1].ts | sub("\\.[0-9]+Z"; "Z") | fromdate) as $x | .[1].ts[20:29] as $b | .[0].ts[20:29] as $a | ($b | tonumber) - ($a | tonumber) | . * 1e-9 | if . < 0 then . + 1 else . end | . * 100 | round')
check "--from-json -i 0.25: packets 0.25 s apart (got ${got}/100)" test "$got" = 25
# --link: Ethernet from the object's eth_src/eth_dst (read -e).
echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":8,"id":1,"seq":1,"eth_src":"02:00:00:00:01:02","eth_dst":"02:00:00:00:01:01"}' >"$tmp/fjl.json"
dry fjl --from-json "$tmp/fjl.json" --link
jcheck fjl 'length == 1 and .[0].eth_src == "02:00:00:00:01:02" and .[0].eth_dst == "02:00:00:00:01:01"'
# A bad object is one line naming its line and key; the others still go,
# and the exit status is 2.
{
	head -1 "$J"
	echo '{"ip":4,"src":"198.51.100.2","dst":"300.1.1.1","type":8}'
	echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":8,"id":"x"}'
	echo '{"ip":4,"src":"198.51.100.2",'
	sed -n 3p "$J"
} >"$tmp/fjbad.json"
"$bin" send -q --from-json "$tmp/fjbad.json" -w "$tmp/fjbad.pcap" 2>"$tmp/fjbad.err"
rc=$?
check "--from-json with bad objects exits 2 (got $rc)" test $rc -eq 2
check "--from-json: one stderr line per bad object ($(wc -l <"$tmp/fjbad.err"))" test "$(wc -l <"$tmp/fjbad.err")" -eq 3
check "--from-json: line 2, key 'dst'" grep -q "^icmpkit: --from-json line 2: key 'dst': not an IPv4 address" "$tmp/fjbad.err"
check "--from-json: line 3, key 'id'" grep -q "^icmpkit: --from-json line 3: key 'id' 'x': not a number" "$tmp/fjbad.err"
check "--from-json: line 4, where the JSON breaks" grep -q "^icmpkit: --from-json line 4: at byte " "$tmp/fjbad.err"
jcheck fjbad 'length == 2 and .[0].type == 8 and .[1].type == 130'
expect_err "--from-json with HOST" "no HOST" "$bin" send "${W[@]}" --from-json "$J" $H4
expect_err "--from-json missing file" "nosuch" "$bin" send "${W[@]}" --from-json "$tmp/nosuch.json"
# A time a pcap record cannot hold is refused, not replaced by "now".
expect_err "--from-json ts before 1970" "line 1: key 'ts': not an RFC 3339 time from 1970 to 2106" "$bin" send "${W[@]}" --from-json <(echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":8,"ts":"1969-12-31T23:59:44.000000000Z"}')
expect_err "--from-json ts after 2106" "line 1: key 'ts': not an RFC 3339 time" "$bin" send "${W[@]}" --from-json <(echo '{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","type":8,"ts":"36812-02-20T00:36:16.000000000Z"}')
expect_err "--from-json one bad object" "line 1: key 'type': missing" "$bin" send "${W[@]}" --from-json <(echo '{"src":"1.2.3.4","dst":"1.2.3.4"}')
# Without a payload, an error's "quoted" object gives the datagram (built
# with libnet from its keys), padded to "orig_len".
{
	echo '{"ip":4,"src":"198.51.100.1","dst":"198.51.100.2","type":11,"code":0,"orig_len":128,"quoted":{"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","ttl":1,"proto":"udp","len":60,"sport":40000,"dport":33434}}'
	echo '{"ip":6,"src":"2001:db8:1::1","dst":"2001:db8:1::2","type":1,"code":4,"quoted":{"ip":6,"src":"2001:db8:1::2","dst":"2001:db8:2::2","ttl":3,"proto":"icmp6","len":48,"type":128,"code":0,"id":7,"seq":9}}'
} >"$tmp/fjq.json"
dry fjq --from-json "$tmp/fjq.json"
jcheck fjq '(.[0] | .orig_len == 128 and .len == 136 and .quoted == {"ip":4,"src":"198.51.100.2","dst":"203.0.113.2","ttl":1,"proto":"udp","len":60,"ip_checksum":"ok","sport":40000,"dport":33434}) and
	(.[1] | .type == 1 and .code == 4 and .quoted.src == "2001:db8:1::2" and .quoted.ttl == 3 and .quoted.type == 128 and .quoted.id == 7 and .quoted.seq == 9)'
# read --payload gives every byte: read -j --payload | send --from-json -
# writes the same IP packets again.
"$bin" read -j --payload "pcaps/extensions.pcap" | "$bin" send -q --from-json - -w "$tmp/rt.pcap"
check "read --payload | send --from-json: extensions.pcap's IP packets again" \
	cmp -s <(tcpdump -nn -x -r "pcaps/extensions.pcap" 2>/dev/null | grep -P '^\t') \
	<(tcpdump -nn -x -r "$tmp/rt.pcap" 2>/dev/null | grep -P '^\t')
got=$("$bin" read -j --payload "pcaps/echo4.pcap" | head -1 | jq -r '.payload | length')
check "read --payload: an echo's 56 data bytes as hex (got $got chars)" test "$got" = 112

# Without a payload, ND "options" are built from their JSON: read -j of
# the RAs, NSs, NAs in the captures | send --from-json - gives the same
# fields (all but frame and ts).
for f in nd-ra echo6 icmp-types; do
	"$bin" read -j "pcaps/$f.pcap" | jq -c 'select(.type >= 133 and .type <= 137 and .ip == 6)' >"$tmp/nd-$f.json"
	"$bin" send -q --from-json - -w "$tmp/nd-$f.pcap" <"$tmp/nd-$f.json" 2>"$tmp/nd-$f.err"
	n=$(wc -l <"$tmp/nd-$f.json")
	check "$f: $n ND messages rebuilt from their JSON options, same fields ($(head -1 "$tmp/nd-$f.err"))" \
		cmp -s <(jq -c 'del(.frame, .ts)' "$tmp/nd-$f.json") \
		<("$bin" read -j "$tmp/nd-$f.pcap" | jq -c 'del(.frame, .ts)')
done
# MLDv2 reports: "group_records" without a payload; the well-formed one of
# icmp-types.pcap gives the same fields, the cut ones are named.
"$bin" read -j pcaps/icmp-types.pcap | jq -c 'select(.type == 143 and .ip == 6)' >"$tmp/mr.json"
"$bin" send -q --from-json - -w "$tmp/mr.pcap" <"$tmp/mr.json" 2>"$tmp/mr.err"
check "mldv2-report rebuilt from group_records, same fields" \
	cmp -s <(head -1 "$tmp/mr.json" | jq -c 'del(.frame, .ts)') <("$bin" read -j "$tmp/mr.pcap" | jq -c 'del(.frame, .ts)')
check "mldv2-report: the two truncated records named ($(tr '\n' ' ' <"$tmp/mr.err"))" \
	test "$(grep -c "line [23]: key 'group_records\[0\].nsrc': not the number of sources" "$tmp/mr.err")" = 2
echo '{"ip":6,"src":"fe80::1","dst":"ff02::16","type":143,"group_records":[{"type":4,"group":"ff02::db8"},{"type":1,"group":"ff05::1","aux_len":1,"sources":["2001:db8::7"]}]}' >"$tmp/mrh.json"
dry mrh --from-json "$tmp/mrh.json" &&
	jcheck mrh '.[0] | .checksum == "ok" and .records == 2 and .group_records == [
	{"type":4,"name":"change-to-exclude","group":"ff02::db8","nsrc":0,"aux_len":0,"sources":[]},
	{"type":1,"name":"mode-is-include","group":"ff05::1","nsrc":1,"aux_len":1,"sources":["2001:db8::7"]}]'
got=$(tf mrh icmpv6.mldr.nb_mcast_records icmpv6.mldr.mar.multicast_address icmpv6.mldr.mar.aux_data_len icmpv6.checksum.status | tr '\t' '|')
check "hand-written group_records: tshark agrees ($got)" test "$got" = "2|ff02::db8,ff05::1|0,1|1"
# A hand-written object: options in any order, defaults filled in; a bad
# entry is one line naming the line and the key, the other lines still go.
{
	echo '{"ip":6,"src":"fe80::1","dst":"ff02::1","type":134,"router_lifetime":600,"options":[{"type":1,"mac":"02:00:00:00:00:09"},{"type":3,"prefix":"2001:db8:4::/64","auto":false},{"type":25,"servers":["2001:db8::53"]},{"type":14,"nonce":"0102030405060708090a0b0c0d0e"}]}'
	echo '{"ip":6,"src":"fe80::1","dst":"ff02::1","type":134,"options":[{"type":5,"mtu":1400},{"type":3,"prefix":"2001:db8::"}]}'
	echo '{"ip":6,"src":"fe80::1","dst":"ff02::2","type":133,"options":[{"type":1,"mac":"02:00:00:00:00:0a"}]}'
} >"$tmp/ndh.json"
"$bin" send -q --from-json "$tmp/ndh.json" -w "$tmp/ndh.pcap" 2>"$tmp/ndh.err"
rc=$?
check "hand-written options: exit 2, one line for line 2's options[1].prefix ($(cat "$tmp/ndh.err"))" \
	test $rc = 2 -a "$(wc -l <"$tmp/ndh.err")" = 1 -a "$(grep -c "^icmpkit: --from-json line 2: key 'options\[1\].prefix': --prefix '2001:db8::'" "$tmp/ndh.err")" = 1
jcheck ndh 'length == 2 and (.[0] | .router_lifetime == 600 and .checksum == "ok" and .options == [
	{"type":1,"name":"slla","len":8,"mac":"02:00:00:00:00:09"},
	{"type":3,"name":"prefix-info","len":32,"prefix":"2001:db8:4::/64","onlink":true,"auto":false,"valid":86400,"preferred":14400},
	{"type":25,"name":"rdnss","len":24,"lifetime":1800,"servers":["2001:db8::53"]},
	{"type":14,"name":"nonce","len":16,"nonce":"0102030405060708090a0b0c0d0e"}]) and .[1].options[0].mac == "02:00:00:00:00:0a"'
got=$(tf ndh icmpv6.opt.prefix icmpv6.opt.prefix.flag.a icmpv6.opt.rdnss icmpv6.checksum.status | head -1 | tr '\t' '|')
check "hand-written options: tshark agrees ($got)" test "$got" = "2001:db8:4::|0|2001:db8::53|1"
# 10. ND options of a router advertisement (and their errors).
dry ra-opts -S fe80::1 --type router-advertisement --router-lifetime 1800 \
	--prefix 2001:db8:1::/64,600,300 --mtu 1400 --rdnss 2001:db8::53,2001:db8::54 \
	--dnssl example.com,lab.example.org --route 2001:db8:2::/48,600 --pref64 64:ff9b::/96 ff02::1
jcheck ra-opts 'length == 1 and (.[0] | .router_lifetime == 1800 and .ttl == 255 and (has("malformed") | not) and (.options | length == 6 and
	(.[0] | .type == 3 and .prefix == "2001:db8:1::/64" and .onlink and .auto and .valid == 600 and .preferred == 300) and
	(.[1] | .type == 25 and .servers == ["2001:db8::53", "2001:db8::54"] and .lifetime == 1800) and
	(.[2] | .type == 31 and .domains == ["example.com", "lab.example.org"]) and
	(.[3] | .type == 24 and .prefix == "2001:db8:2::/48" and .lifetime == 600) and
	(.[4] | .type == 38 and .prefix == "64:ff9b::/96" and .lifetime == 1800) and
	(.[5] | .type == 5 and .mtu == 1400)))'
ck=$(tf ra-opts icmpv6.checksum.status _ws.expert.message | tr '\t' '|')
check "ra-opts: tshark finds the checksum good, no expert complaint ($ck)" test "$ck" = "1|"
dry redir6-opts -S fe80::1 --type 137 --target fe80::2 --dest 2001:db8:9::1 --prefix 2001:db8::/64 fe80::3
jcheck redir6-opts '.[0].target == "fe80::2" and .[0].options[0].type == 3'
dry na-body -S $S6 --type neighbor-advertisement --na-flags rs --body 0201020000000102 $H6
jcheck na-body '.[0].target == "'$S6'" and .[0].flags == 6 and .[0].options[0].mac == "02:00:00:00:01:02"'
# MLD goes with a hop-by-hop router alert (a kernel ignores a query
# without one); other types without.
dry mld-ra --type mld-report --group ff02::db8 -S fe80::1 ff02::16
got=$(tcpdump -nn -v -r "$tmp/mld-ra.pcap" 2>/dev/null | grep -c 'HBH (rtalert: 0x0000) (padn) \[icmp6 sum ok\] ICMP6, multicast listener report')
check "mld-report: router alert, good checksum (tcpdump: $got)" test "$got" = 1
jcheck mld-ra '.[0].group == "ff02::db8" and .[0].ttl == 1 and .[0].checksum == "ok"'
got=$(tcpdump -nn -v -r "$tmp/ra-opts.pcap" 2>/dev/null | grep -c HBH)
check "router-advertisement: no hop-by-hop header (tcpdump: $got)" test "$got" = 0
# --slla/--tlla: link-layer address options on every ND type, read -j's
# "options" entries ({type 1|2, name slla|tlla, mac}) and tshark agree.
for t in 133 134 135 136 137; do
	x=(); [ $t = 137 ] && x=(--target fe80::2 --dest fe80::4)
	dry lla$t --type $t -S fe80::1 "${x[@]}" \
		--slla 02:00:00:00:00:01 --tlla 02:00:00:00:00:02 fe80::3 || continue
	jcheck lla$t '.[0] | .checksum == "ok" and .options == [{"type":1,"name":"slla","len":8,"mac":"02:00:00:00:00:01"},{"type":2,"name":"tlla","len":8,"mac":"02:00:00:00:00:02"}]'
	got=$(tf lla$t icmpv6.opt.src_linkaddr icmpv6.opt.target_linkaddr icmpv6.checksum.status | tr '\t' '|')
	check "lla$t: tshark reads both addresses ($got)" test "$got" = "02:00:00:00:00:01|02:00:00:00:00:02|1"
done
got=$("$bin" send --list-types | grep -A3 -E '^icmp6 +13[3-7] ' | grep -c -- '--slla --tlla')
check "--list-types names --slla and --tlla for the five ND types ($got)" test "$got" = 5
expect_err "--slla bad MAC" "--slla '02:00:zz'" "$bin" send "${W[@]}" --type 133 --slla 02:00:zz -S fe80::1 ff02::2
expect_err "--tlla for echo" "only for the ND messages" "$bin" send "${W[@]}" --tlla 02:00:00:00:00:02 $H6
# --ni-addr/--ni-name: RFC 4620 node information data; read -j has the
# fixed fields, tshark the data.
ni() { # NAME WANT TSHARK-FIELDS -- SEND-ARGS...
	local name=$1 want=$2 f=$3
	shift 4
	dry $name -S $S6 "$@" $H6 || return
	jcheck $name '.[0] | .checksum == "ok" and (.type == 139 or .type == 140)'
	got=$(tf $name $f icmpv6.checksum.status | tr '\t' '|')
	check "$name: tshark reads the data ($got)" test "$got" = "$want"
}
ni niq6 "3|0x0102030405060708|2001:db8::1|1" "icmpv6.ni.qtype icmpv6.ni.nonce icmpv6.ni.query.subject_ipv6" -- \
	--type 139 --code 0 --qtype 3 --nonce 0102030405060708 --ni-addr 2001:db8::1
ni niqn "host.example|1" icmpv6.ni.query.subject_fqdn -- --type 139 --code 1 --qtype 2 --ni-name host.example
ni niq4 "198.51.100.7|1" icmpv6.ni.query.subject_ipv4 -- --type 139 --code 2 --qtype 4 --ni-addr 198.51.100.7
ni nir6 "60,70|2001:db8::1,2001:db8::5|1" "icmpv6.ni.reply.node_ttl icmpv6.ni.reply.node_address" -- \
	--type 140 --qtype 3 --ni-addr 2001:db8::1,60 --ni-addr 2001:db8::5,70
ni nirn "0|host.example,h2.example|1" "icmpv6.ni.reply.node_ttl icmpv6.ni.reply.node_name" -- \
	--type 140 --qtype 2 --ni-name host.example,0 --ni-name h2.example
ni nir4 "30|198.51.100.7|1" "icmpv6.ni.reply.node_ttl icmpv6.ni.reply.ipv4_address" -- \
	--type 140 --qtype 4 --ni-addr 198.51.100.7,30
expect_err "--ni-addr bad" "--ni-addr 'nope'" "$bin" send "${W[@]}" --type 139 --ni-addr nope $H6
expect_err "--ni-name empty label" "--ni-name 'a..b'" "$bin" send "${W[@]}" --type 139 --ni-name a..b $H6
expect_err "--ni-addr for echo" "only for node-info-query" "$bin" send "${W[@]}" --ni-addr 2001:db8::1 $H6
# --match-prefix/--use-prefix: RFC 2894 prefix-control operations; read -j
# has the fixed fields, tshark the parts (OpLength counts the use parts).
dry rrcmd --type 138 --code 0 --rr-seq 7 --segment 2 --max-delay 100 \
	--match-prefix add,2001:db8::/32,48,64 --use-prefix 2001:db8:5::/48,32,600,300 \
	--use-prefix 2001:db8:6::/48 -S fe80::1 ff02::2 &&
	jcheck rrcmd '.[0] | .checksum == "ok" and .rr_seq == 7 and .segment == 2 and .max_delay == 100 and .len == 104'
got=$(tf rrcmd icmpv6.rr.pco.mp.opcode icmpv6.rr.pco.mp.oplength icmpv6.rr.pco.mp.matchlen \
	icmpv6.rr.pco.mp.minlen icmpv6.rr.pco.mp.maxlen icmpv6.rr.pco.mp.matchprefix | tr '\t' '|')
check "rrcmd: tshark's match-prefix part ($got)" test "$got" = "1|11|32|48|64|2001:db8::"
# A second operation (tshark reads only the first): 16 + 88 + 24 bytes,
# its opcode and OpLength 3 after the first's 88 bytes.
dry rr2 --type 138 --match-prefix add,2001:db8::/32 --use-prefix 2001:db8:5::/48 \
	--use-prefix 2001:db8:6::/48 --match-prefix set-global,2001:db8:9::/48 -S fe80::1 ff02::2 &&
	jcheck rr2 '.[0].len == 128'
got=$("$bin" read -j --payload "$tmp/rr2.pcap" | jq -r '.payload[176:180]')
check "rr2: the second match-prefix part is opcode 3, OpLength 3 ($got)" test "$got" = 0303
got=$(tf rrcmd icmpv6.rr.pco.up.uselen icmpv6.rr.pco.up.keeplen icmpv6.rr.pco.up.validlifetime \
	icmpv6.rr.pco.up.preferredlifetime icmpv6.rr.pco.up.useprefix icmpv6.checksum.status | tr '\t' '|')
check "rrcmd: tshark's use-prefix parts ($got)" test "$got" = "48,48|32,0|600,86400|300,14400|2001:db8:5::,2001:db8:6::|1"
expect_err "--use-prefix first" "after a --match-prefix" "$bin" send "${W[@]}" --type 138 --use-prefix 2001:db8::/48 -S fe80::1 ff02::2
expect_err "--match-prefix bad opcode" "--match-prefix 'drop," "$bin" send "${W[@]}" --type 138 --match-prefix drop,2001:db8::/32 -S fe80::1 ff02::2
expect_err "--match-prefix on a result" "router-renumbering command" "$bin" send "${W[@]}" --type 138 --code 1 --match-prefix add,2001:db8::/32 -S fe80::1 ff02::2
expect_err "--prefix for echo" "only for the ND messages" "$bin" send "${W[@]}" --prefix 2001:db8::/64 $H6
expect_err "--prefix without length" "--prefix '2001:db8::'" "$bin" send "${W[@]}" --type 134 --prefix 2001:db8:: -S fe80::1 ff02::1
expect_err "--pref64 bad length" "--pref64" "$bin" send "${W[@]}" --type 134 --pref64 64:ff9b::/60 -S fe80::1 ff02::1
expect_err "--dnssl empty label" "--dnssl" "$bin" send "${W[@]}" --type 134 --dnssl a..b -S fe80::1 ff02::1
expect_err "--rdnss not v6" "--rdnss" "$bin" send "${W[@]}" --type 134 --rdnss 1.2.3.4 -S fe80::1 ff02::1

# 11. RFC 4884 extension structures: errors with RFC 4950 MPLS labels and
#     RFC 5837 interface information (the quote padded to 128 bytes and the
#     length attribute set), an extended echo request naming an interface.
dry ext-te --type time-exceeded --mpls 16001/0/255,16002/1/254 \
	--ifinfo incoming,index=7,addr=198.51.100.1,name=ge-0/0/1,mtu=1500 -S $S4 $H4
jcheck ext-te '.[0] | .len == 184 and .orig_len == 128 and .quoted.proto == "udp" and .ext.checksum == "ok" and .ext.len == 48 and
	.ext.objects[0].labels == [{"label":16001,"tc":0,"s":false,"ttl":255},{"label":16002,"tc":1,"s":true,"ttl":254}] and
	(.ext.objects[1] | .role == "incoming-ip" and .ifindex == 7 and .addr == "198.51.100.1" and .ifname == "ge-0/0/1" and .mtu == 1500)'
dry ext-fn --type 3 --code 4 --mtu 1400 --mpls 100 -S $S4 $H4
jcheck ext-fn '.[0] | .mtu == 1400 and .orig_len == 128 and .ext.objects[0].labels[0].label == 100 and .ext.checksum == "ok"'
dry ext-v6 -6 --type time-exceeded --ifinfo next-hop,addr=2001:db8::1 -S $S6 $H6
jcheck ext-v6 '.[0] | .orig_len == 128 and .ext.objects[0].role == "next-hop" and .ext.objects[0].addr == "2001:db8::1"'
dry xe-name --type extended-echo-request --local true --ifname eth0 -S $S4 $H4
jcheck xe-name '.[0] | .local == true and .ext.objects[0].ifname == "eth0" and .ext.checksum == "ok" and (has("malformed") | not)'
dry xe-idx -6 --type extended-echo-request --ifindex 3 -S $S6 $H6
jcheck xe-idx '.[0].ext.objects[0].ifindex == 3'
dry xe-addr -6 --type extended-echo-request --ifaddr 2001:db8::5 -S $S6 $H6
jcheck xe-addr '.[0].ext.objects[0].addr == "2001:db8::5"'
for n in ext-te ext-fn ext-v6 xe-name xe-idx xe-addr; do
	ck=$(tf $n icmp.checksum.status icmpv6.checksum.status icmp.ext.checksum.status icmpv6.ext.checksum.status | tr -d '\t')
	check "$n: tshark finds the checksums good ($ck)" test "${ck//1/}" = ""
done
expect_err "--mpls for echo" "only for dest-unreachable" "$bin" send "${W[@]}" --mpls 1 $H4
expect_err "--mpls bad label" "--mpls" "$bin" send "${W[@]}" --type 11 --mpls 2000000 $H4
expect_err "--ifinfo bad role" "--ifinfo" "$bin" send "${W[@]}" --type 11 --ifinfo sideways $H4
expect_err "--ifindex bad" "--ifindex" "$bin" send "${W[@]}" --type 42 --ifindex x $H4

# 12. Lists: a v4 router advertisement's entries, an MLDv2 query's sources,
#     an MLDv2 report's group records; the count fields follow them.
dry lst-ra --type router-advertisement --lifetime 600 --entry 198.51.100.1,10 --entry 198.51.100.9,-1 -S $S4 224.0.0.1
jcheck lst-ra '.[0] | .addrs == 2 and .lifetime == 600 and .len == 24 and .routers == [{"addr":"198.51.100.1","pref":10},{"addr":"198.51.100.9","pref":-1}] and (has("malformed") | not)'
dry lst-q --type mld-query --group ff02::db8 --source 2001:db8::1 --source 2001:db8::2 --qrv 2 --qqic 125 -S fe80::1 ff02::1
jcheck lst-q '.[0] | .sources == 2 and .qrv == 2 and .qqic == 125 and .len == 60 and .source_list == ["2001:db8::1", "2001:db8::2"]'
dry lst-r --type mldv2-report --record 4,ff02::db8 --record 1,ff02::db9,2001:db8::7 -S fe80::1 ff02::16
jcheck lst-r '.[0] | .records == 2 and .len == 64 and .group_records[0].type == 4 and .group_records[1].group == "ff02::db9" and .group_records[1].sources == ["2001:db8::7"]'
for n in lst-ra lst-q lst-r; do
	ck=$(tf $n icmp.checksum.status icmpv6.checksum.status _ws.expert.message | tr -d '\t')
	check "$n: tshark finds the checksum good, no complaint ($ck)" test "$ck" = 1
done
expect_err "--entry for mld" "--entry: only for" "$bin" send "${W[@]}" --type mld-query --entry 198.51.100.1 -S fe80::1 ff02::1
expect_err "--record bad type" "--record" "$bin" send "${W[@]}" --type 143 --record 9,ff02::1 -S fe80::1 ff02::16
expect_err "two kinds of list" "one kind of list" "$bin" send "${W[@]}" --entry 198.51.100.1 --source ::1 $H4

# 8. No permission: a real send (not a dry run) as nobody fails before
#    any packet leaves, and says how to get the permission.
perm_case() { # NAME ARGS...
	local name=$1
	shift
	expect_err "no permission: $name" "root|setcap|CAP_NET_RAW|capabilit" "${AS_USER[@]}" "$bin" send -c 1 "$@"
}
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
	perm_case "raw v4" 127.0.0.1
	perm_case "raw v6" ::1
	perm_case "link" --link -I lo --dst-mac 00:00:00:00:00:00 127.0.0.1
elif [ "$(id -u)" != 0 ] && grep -q '^CapEff:[[:space:]]*0*$' /proc/self/status &&
	! getcap "$bin" 2>/dev/null | grep -q cap_net; then
	AS_USER=()
	perm_case "raw v4" 127.0.0.1
	perm_case "raw v6" ::1
else
	echo "send: SKIP: no permission case (cannot become an unprivileged user)"
	skip=$((skip + 1))
fi

t_end=$EPOCHREALTIME
echo "send: $pass passed, $fail failed, $skip skipped ($(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }') s)"
[ $fail -eq 0 ]
