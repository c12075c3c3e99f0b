#!/bin/bash
# Round trip (`make roundtrip`, part of `make check`): docs/ARCHITECTURE.md,
# tests.
#
# For every capture F in pcaps/ and in ${ICMPKIT_SHARED:-../shared}/corpus/
# tcpdump (read in place, never copied):
#
#   icmpkit read -j --payload F | icmpkit send --from-json - -w G
#
# then each ICMP message of F (object k of the JSON) is compared with record
# k of G:
#   - fields: read -j --payload of both gives the same object, except for
#     what a raw-IP capture cannot carry (frame numbers, the tracker's
#     rtt_ms/reply_to/dup, the link layer: vlan, ifindex, ifname, direction,
#     eth_*, the tunnel layers "outer");
#   - bytes: the IP packet of G (tcpdump -x, the link header left out) equals
#     F's IP packet (F's may go on with link-layer padding).
# A message that is both is byte-identical.  One that is not gets a reason:
# from the decoder (truncated, malformed), or from F's IP header (IPv4
# options, IPv4 fragment, IPv6 extension headers, a tunnel around it), or
# "unbuilt" when send refused its object (the line it printed is shown).
# Any other difference ("unexplained") fails the test.  The summary counts
# captures, messages, byte-identical ones and each reason.
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

# hexes FILE: "N HEX" per record of FILE, N counting from 1, HEX the bytes
# tcpdump -x shows (the packet without its link-layer header).
hexes() {
	tcpdump -nn -tt -x -r "$1" 2>/dev/null | awk '
		/^\t0x/ { sub(/^\t0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h[n] = h[n] $0; next }
		/^([0-9-]|\[)/ { n++ }
		END { for (i = 1; i <= n; i++) print i, h[i] }'
}

# The keys a raw-IP capture cannot carry back.
drop='del(.frame, .rtt_ms, .reply_to, .dup, .vlan, .ifindex, .ifname, .direction, .eth_src, .eth_dst, .outer)'

# check F: one line per message "status reason", status identical|differs.
check() {
	local f=$1 n=0
	"$bin" read -j --payload "$f" >"$tmp/a.json" 2>/dev/null
	[ -s "$tmp/a.json" ] || return 0
	"$bin" send -q --from-json "$tmp/a.json" -w "$tmp/g.pcap" 2>"$tmp/err"
	sed -n 's/^icmpkit: --from-json line \([0-9]*\): .*/\1/p' "$tmp/err" >"$tmp/unbuilt"
	while read -r l; do
		echo "roundtrip: note: $f: $l" >&2
	done <"$tmp/err"
	"$bin" read -j --payload "$tmp/g.pcap" >"$tmp/b.json" 2>/dev/null
	hexes "$f" >"$tmp/fh"
	hexes "$tmp/g.pcap" >"$tmp/gh"
	# Per object of F: its frame, whether G's object (the built ones in
	# order) has the same fields, and the decoder's reason if any.
	jq -rn --slurpfile a "$tmp/a.json" --slurpfile b "$tmp/b.json" \
		--rawfile u "$tmp/unbuilt" "
		(\$u | split(\"\n\") | map(select(. != \"\") | tonumber)) as \$un |
		reduce range(0; \$a | length) as \$i ({k: 0, out: []};
			if (\$un | index(\$i + 1)) then
				.out += [\"\(\$a[\$i].frame) 0 unbuilt unbuilt\"]
			else
				(\$a[\$i] | $drop) as \$x |
				((\$b[.k] // {}) | $drop) as \$y |
				.out += [\"\(\$a[\$i].frame) \(.k + 1) \(if \$x == \$y then \"same\" else ([\$x, \$y] | map(keys) | add | unique | map(select(\$x[.] != \$y[.])) | join(\",\")) end) \(
					if \$a[\$i].truncated then \"truncated\"
					elif \$a[\$i].malformed then \"malformed\"
					elif \$a[\$i].outer then \"tunnel\"
					else \"-\" end)\"] | .k += 1
			end) | .out[]" >"$tmp/cmp" || {
		echo "roundtrip: FAIL: $f: jq could not compare"
		echo "differs unexplained"
		return 0
	}
	awk -v f="$f" '
		function hx(s, i, n) {
			for (i = 1; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		function ipv4_sum_ok(h, s, i) {
			for (i = 1; i <= 40; i += 4)
				s += hx(substr(h, i, 4))
			while (s > 65535)
				s = int(s / 65536) + s % 65536
			return s == 65535
		}
		FILENAME == ARGV[1] { fh[$1] = $2; next }
		FILENAME == ARGV[2] { gh[$1] = $2; next }
		{
			F = fh[$1]; G = $2 ? gh[$2] : ""
			v = substr(F, 1, 1)
			# tcpdump left (part of) a link header that icmpkit
			# reads differently: find the IP packet in it.
			at = v != substr(G, 1, 1) && G != "" ? index(F, G) : 1
			bytes = G != "" && at % 2 == 1 && substr(F, at, length(G)) == G
			if ($3 == "same" && bytes) { print "identical -"; next }
			r = $4
			if (r == "-" && at != 1) r = "tcpdump-link-header"
			else if (r == "-" && v == "4" && substr(F, 2, 1) != "5") r = "ipv4-options"
			else if (r == "-" && v == "4" && (substr(F, 13, 4) ~ /^[23]/ || substr(F, 14, 3) != "000")) r = "ipv4-fragment"
			else if (r == "-" && v == "6" && substr(F, 13, 2) != "3a") r = "ipv6-ext-headers"
			else if (r == "-" && v == "4" && !ipv4_sum_ok(F)) r = "ipv4-header-checksum"
			else if (r == "-" && v == "4" && hx(substr(F, 5, 4)) * 2 != length(F)) r = "ip-length-field"
			else if (r == "-" && v == "6" && (hx(substr(F, 9, 4)) + 40) * 2 != length(F)) r = "ip-length-field"
			else if (r == "-" && $3 == "cksum") r = "bytes-no-field-describes"
			else if (r == "-" && $3 == "checksum,cksum") r = "equivalent-checksum"
			if (r == "-") {
				r = "unexplained"
				printf "roundtrip: FAIL: %s frame %s: %s\n  F %s\n  G %s\n", f, $1, $3 == "same" ? "bytes differ" : "fields differ: " $3, F, G > "/dev/stderr"
			} else if (r == "bytes-no-field-describes")
				printf "roundtrip: note: %s frame %s: %s\n  F %s\n  G %s\n", f, $1, r, F, G > "/dev/stderr"
			print "differs", r
		}' "$tmp/fh" "$tmp/gh" "$tmp/cmp"
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
reasons=$(awk '$1 == "differs" { c[$2]++ } END { for (r in c) printf " %s %d,", r, c[r] }' "$tmp/all")
nunex=$(grep -c 'unexplained' "$tmp/all")
[ "$nunex" -gt 0 ] && fail=1
[ "$nmsg" -gt 0 ] || {
	echo "roundtrip: FAIL: no message compared"
	fail=1
}
echo "roundtrip: $ncap captures, $nmsg messages: $nid byte-identical with the same fields, $((nmsg - nid)) differ:${reasons%,}"
exit $fail
