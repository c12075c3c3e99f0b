#!/bin/bash
# Round trip (`make roundtrip`, part of `make check`): docs/ARCHITECTURE.md,
# tests.
#
# For every capture F in pcaps/ and in ${ICMPKIT_SHARED:-../shared}/corpus/
# tcpdump (read in place, never copied):
#
#   icmpkit read -j --payload F | icmpkit send --from-json - -w G
#
# then each ICMP message of F (object k of the JSON) is compared with its
# record of G:
#   - fields: read -j --payload of both gives the same object, tunnel
#     layers ("outer", with each header's bytes) included, except for what
#     a raw-IP capture cannot carry (frame numbers, the tracker's
#     rtt_ms/reply_to/dup, the link layer: vlan, vlan_tags, ifindex, ifname,
#     direction, eth_*);
#   - bytes: G's packet (tcpdump -x) is in F's record (tcpdump -xx, link
#     header and all) where F's IP packet starts, and F goes on with at
#     most link-layer padding.
# A message that is both is byte-identical.  Two kinds of object are
# built again one at a time, because a raw-IP capture cannot hold them:
#   - an MPLS label stack on the link (send says "use --link"), and VLAN
#     tags on the link ("vlan_tags", checked besides the IP packet): from
#     read -e -j --payload, with send --link, the whole frame compared;
#   - a time a pcap record cannot hold (pcapng's 64 bits, send refuses
#     it): built without its "ts", the fields but ts compared.
# A message that is not byte-identical must be damaged: truncated or
# malformed by the decoder's word (its "why" is shown), or ICMP and IP of
# different versions (ICMPv6 in an IPv4 header, ICMP in IPv6), which send
# does not build.  Any other difference fails the test.  The summary
# counts captures, messages, byte-identical ones and each reason.
#
# Without the corpus the corpus part says SKIP; with CI=true it is required.
set -u
cd "$(dirname "$0")/.." || exit 2
bin=$(realpath "${ICMPKIT:-./icmpkit}")
corpus="${ICMPKIT_SHARED:-../shared}/corpus/tcpdump"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

for t in jq tcpdump; do
	if ! command -v $t >/dev/null; then
		echo "roundtrip: FAIL: $t is not installed (make deps)"
		exit 1
	fi
done

files=(pcaps/*.pcap pcaps/*.pcapng pcaps/hostile-linktypes/*.pcap)
if [ -d "$corpus" ]; then
	files+=("$corpus"/*.pcap "$corpus"/*.pcapng)
elif [ "${CI:-}" = true ]; then
	echo "roundtrip: FAIL: no corpus at $corpus (CI=true requires it)"
	exit 1
else
	echo "roundtrip: SKIP: the tcpdump corpus (no $corpus); pcaps/ only"
fi

# hexes FILE [xx]: "N HEX" per record of FILE, N counting from 1, HEX the
# bytes tcpdump -x (or -xx, the link header too) shows.  A record's
# first line starts with its time (-tt), or with "[" when tcpdump cannot
# convert it; the packet's dump is the record's last one from offset 0
# (tcpdump dumps some bodies in its text too).
hexes() {
	tcpdump -nn -tt -${2:-x} -r "$1" 2>/dev/null | awk '
		/^\t0x0000:/ { h[n] = "" }
		/^\t0x/ { sub(/^\t0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h[n] = h[n] $0; next }
		/^([0-9-]|\[)/ { n++ }
		END { for (i = 1; i <= n; i++) print i, h[i] }'
}

# The keys a raw-IP capture cannot carry back.
drop='del(.frame, .rtt_ms, .reply_to, .dup, .vlan, .vlan_tags, .ifindex, .ifname, .direction, .eth_src, .eth_dst)'

# same A B [JQ]: do the JSON objects A and B (files of one line) have the
# same fields, but for drop (and JQ)?
same() {
	[ "$(jq -c "$drop ${3:+| $3}" "$1")" = "$(jq -c "$drop ${3:+| $3}" "$2")" ]
}

# inside F G: is hex G in hex F (F's record with its link header) at an
# even offset, with at most 64 bytes of link padding after it?
inside() {
	awk -v F="$1" -v G="$2" 'BEGIN {
		for (at = index(F, G); at; at = i ? at + i : 0) {
			if (at % 2 == 1 && length(F) - at + 1 - length(G) <= 128)
				exit 0
			i = index(substr(F, at + 1), G)
		}
		exit 1 }'
}

# linked F LINE FRAME: object LINE of F's JSON built alone as a link frame
# (read -e -j --payload, send --link): the same fields and the whole frame
# (VLAN tags, an MPLS label stack) in F's record?
linked() {
	"$bin" read -e -j --payload "$1" 2>/dev/null | sed -n "${2}p" >"$tmp/one.json"
	"$bin" send -q --from-json "$tmp/one.json" --link -w "$tmp/one.pcap" 2>/dev/null &&
		"$bin" read -j --payload "$tmp/one.pcap" >"$tmp/one.b" 2>/dev/null &&
		same "$tmp/one.json" "$tmp/one.b" &&
		inside "$(hexes "$1" xx | awk -v n="$3" '$1 == n { print $2 }')" \
			"$(hexes "$tmp/one.pcap" xx | awk '{ print $2 }')"
}

# again F K LINE WHY: object K (line LINE of a.json) that send refused
# (WHY) built alone: "identical REASON" or "differs REASON".
again() {
	local f=$1 k=$2 l=$3 why=$4 fr
	fr=$(sed -n "${l}p" "$tmp/a.json" | jq -r .frame)
	case $why in
	*"use --link"*)
		linked "$f" "$l" "$fr" && echo "identical -" && return
		;;
	*"key 'ts'"*)
		sed -n "${l}p" "$tmp/a.json" | jq -c 'del(.ts)' >"$tmp/one.json"
		"$bin" send -q --from-json "$tmp/one.json" -w "$tmp/one.pcap" 2>/dev/null &&
			"$bin" read -j --payload "$tmp/one.pcap" >"$tmp/one.b" 2>/dev/null &&
			same "$tmp/one.json" "$tmp/one.b" 'del(.ts)' &&
			inside "$(hexes "$f" xx | awk -v n="$fr" '$1 == n { print $2 }')" \
				"$(hexes "$tmp/one.pcap" | awk '{ print $2 }')" &&
			echo "identical ts-beyond-pcap" &&
			echo "roundtrip: note: $f frame $fr: a time a pcap record cannot hold; identical without it" >&2 &&
			return
		;;
	*"ICMPv6 over IPv6 only"* | *"ICMP over IPv4 only"*)
		echo "differs malformed"
		echo "roundtrip: note: $f frame $fr: malformed: ICMP and IP of different versions ($why)" >&2
		return
		;;
	esac
	echo "differs unexplained"
	echo "roundtrip: FAIL: $f frame $fr: not built again: $why" >&2
}

# check F: one line per message "status reason", status identical|differs.
check() {
	local f=$1 k l why
	"$bin" read -j --payload "$f" >"$tmp/a.json" 2>/dev/null
	[ -s "$tmp/a.json" ] || return 0
	"$bin" send -q --from-json "$tmp/a.json" -w "$tmp/g.pcap" 2>"$tmp/err"
	sed -n 's/^icmpkit: --from-json line \([0-9]*\): .*/\1/p' "$tmp/err" >"$tmp/unbuilt"
	"$bin" read -j --payload "$tmp/g.pcap" >"$tmp/b.json" 2>/dev/null
	hexes "$f" xx >"$tmp/fh"
	hexes "$tmp/g.pcap" >"$tmp/gh"
	# Per object of F: its frame, the record of G built from it (0: not
	# built), whether that record's object has the same fields, and the
	# decoder's word on F's message.
	jq -rn --slurpfile a "$tmp/a.json" --slurpfile b "$tmp/b.json" \
		--rawfile u "$tmp/unbuilt" "
		(\$u | split(\"\n\") | map(select(. != \"\") | tonumber)) as \$un |
		reduce range(0; \$a | length) as \$i ({k: 0, out: []};
			if (\$un | index(\$i + 1)) then
				.out += [\"\(\$a[\$i].frame) 0 unbuilt \(\$i + 1) - -\"]
			else
				(\$a[\$i] | $drop) as \$x |
				((\$b[.k] // {}) | $drop) as \$y |
				.out += [\"\(\$a[\$i].frame) \(.k + 1) \(if \$x == \$y then \"same\" else ([\$x, \$y] | map(keys) | add | unique | map(select(\$x[.] != \$y[.])) | join(\",\")) end) \(
					if \$a[\$i].truncated then \"truncated\"
					elif \$a[\$i].malformed then \"malformed\"
					else \"-\" end) \(if \$a[\$i].vlan_tags then \"v\" else \"-\" end) \(\$a[\$i].why // \"-\" | gsub(\" \"; \"_\"))\"] | .k += 1
			end) | .out[]" >"$tmp/cmp" || {
		echo "roundtrip: FAIL: $f: jq could not compare"
		echo "differs unexplained"
		return 0
	}
	while read -r fr rec st k vt why; do
		if [ "$st" = unbuilt ]; then
			l=$(sed -n "$k{p;q}" "$tmp/unbuilt")
			why=$(sed -n "s/^icmpkit: --from-json line $k: //p" "$tmp/err")
			again "$f" "$k" "$k" "$why"
			continue
		fi
		F=$(awk -v n="$fr" '$1 == n { print $2 }' "$tmp/fh")
		G=$(awk -v n="$rec" '$1 == n { print $2 }' "$tmp/gh")
		if [ "$st" = same ] && [ -n "$G" ] && inside "$F" "$G"; then
			# VLAN tags are the link's: built again as a frame.
			if [ "$vt" = v ] && ! linked "$f" "$(grep -n "\"frame\":$fr," "$tmp/a.json" | cut -d: -f1)" "$fr"; then
				echo "differs unexplained"
				echo "roundtrip: FAIL: $f frame $fr: the frame with its VLAN tags differs" >&2
			else
				echo "identical -"
			fi
		elif [ "$k" != - ]; then
			echo "differs $k"
			echo "roundtrip: note: $f frame $fr: $k (${why//_/ })" >&2
		else
			echo "differs unexplained"
			printf 'roundtrip: FAIL: %s frame %s: %s\n  F %s\n  G %s\n' "$f" "$fr" \
				"$([ "$st" = same ] && echo "bytes differ" || echo "fields differ: $st")" "$F" "$G" >&2
		fi
	done <"$tmp/cmp"
}

ncap=0
for f in "${files[@]}"; do
	[ -e "$f" ] || continue
	ncap=$((ncap + 1))
	check "$f"
done >"$tmp/all" 2> >(tee "$tmp/log" >&2)
wait
nmsg=$(wc -l <"$tmp/all")
nid=$(grep -c '^identical' "$tmp/all")
nts=$(grep -c '^identical ts-beyond-pcap' "$tmp/all")
reasons=$(awk '$1 == "differs" { c[$2]++ } END { for (r in c) printf " %s %d,", r, c[r] }' "$tmp/all")
nunex=$(grep -c 'unexplained' "$tmp/all")
[ "$nunex" -gt 0 ] && fail=1
[ "$nmsg" -gt 0 ] || {
	echo "roundtrip: FAIL: no message compared"
	fail=1
}
echo "roundtrip: $ncap captures, $nmsg messages: $nid byte-identical with the same fields ($nts of them without a time a pcap cannot hold), $((nmsg - nid)) differ:${reasons%,}"
exit $fail
