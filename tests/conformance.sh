#!/bin/bash
# Conformance (`make conformance`, after ./icmpkit-san is built): docs/ARCHITECTURE.md, tests.
#
# For every capture in ${ICMPKIT_SHARED:-../shared}/corpus/tcpdump (tcpdump's
# ICMP regression captures, read in place), in pcaps/ of this repository and
# in tests/fuzz/crashes/ (captures that once broke the decoder):
#
#  (a) decode it under ASan+UBSan, as text (-vv -X -e, and --stats) and as
#      JSON (-j, and -j -vv -e --stats).  Any sanitizer report fails; the exit
#      status must be 0 with nothing on stderr, or 2 with exactly one stderr
#      line starting "icmpkit: " (a cut or invalid file is fine); every JSON
#      line must parse with jq and carry the required keys README documents.
#  (b) agree with tshark on every ICMP/ICMPv6 frame: type, code, checksum
#      status and, for query types, id and seq.  ICMP inside tunnels counts:
#      tshark is told to decode VXLAN on Linux's port 8472 and MPLS label
#      30001 (pcaps/tunnels.pcap's pseudowire) as an Ethernet pseudowire with
#      control word, as icmpkit does (-d, "Decode As").
#  (c) for the corpus captures with an expected-output file (TESTLIST's most
#      verbose -v row), agree with what tcpdump printed for the RFC 4884
#      extension structure (version, checksum value and status, length), each
#      object (class, C-Type, length), RFC 4950 labels (label, TC, S, TTL),
#      RFC 5837 interface information (role, ifIndex, address, name and its
#      length, MTU, a zero-length name) and RFC 8335 extended echo (L bit of
#      a request, state and A/4/6 bits of a reply): every value in tcpdump's
#      output must be in icmpkit's JSON for that frame (values, not layout);
#      values only icmpkit shows (tcpdump stops at the first short read) are
#      listed as notes.
#
# tshark runs as `tshark -o ip.defragment:FALSE -o ipv6.defragment:FALSE -r
# FILE -T fields -E separator=/t -e ...` over all frames; a frame is an ICMP
# frame for tshark when its frame.protocols has an icmp or icmpv6 layer.
#
# How values are read on the tshark side
#   - Several values of a field come comma separated: an ICMP error carries
#     the quoted ICMP header too ("11,8").  The first value is the outer
#     message and is the one compared.
#   - checksum.status: 1 or "good" = ok; 0 or "bad" = bad; 2, "unverified",
#     3 ("not present") or empty = unverified.
#   - icmp.ident / icmp.seq are the big-endian readings (tshark also has
#     icmp.ident_le / icmp.seq_le, which we do not use); icmpkit reads
#     network order.  Checked on icmp-length-zero.pcapng frame 1: bytes
#     32 83 00 01 -> icmp.ident 12931, icmp.seq 1 = icmpkit id 12931 seq 1.
#   - icmpv6.echo.identifier is printed in hex ("0xfb61"); values are compared
#     as numbers.
#   - id/seq are compared only when tshark's first (outer) type is a query:
#     ICMP echo 0/8, timestamp 13/14, info 15/16, mask 17/18 (icmp.ident,
#     icmp.seq); ICMPv6 echo 128/129 (icmpv6.echo.*).  Extended echo (RFC
#     8335: ICMP 42/43, ICMPv6 160/161) has a 16-bit id and an 8-bit
#     sequence number: icmp.ident or icmpv6.echo.identifier, and
#     icmp.ext.echo.seq or icmpv6.ext.echo.seq.  On an error, tshark's
#     icmp.ident belongs to the quoted echo and is not compared with the
#     outer message (icmpkit must then have no id/seq at all).
#
# Rules for frames that do not compare one to one.  Each rule is narrow,
# names its condition, and every frame it applies to is printed and counted
# (exceptions and skips are listed in the summary, never silent):
#
#   R-IPLEN (policy, checksum): icmpkit trusts the IP length field.  When the
#     IPv4 total length / IPv6 payload length claims more bytes than the frame
#     carried on the wire, icmpkit marks the message truncated ("IPv4 total
#     length beyond packet" / "IPv6 payload length beyond packet") and leaves
#     the checksum unverified: the message it was told about is not all
#     there.  tshark flags the length as bogus ("IPv4 total length exceeds
#     packet length"), clips the message to the frame and verifies the bytes
#     present, so says good or bad.  Rule: icmpkit unverified + that "why",
#     and tshark's expert info has the length complaint -> exception.  Seen
#     in: icmp-cksum-oobr-1.pcap 1, icmp-cksum-oobr-2.pcap 1,
#     icmp-cksum-oobr-3.pcapng 1 (tshark: good), icmp-cksum-oobr-4.pcapng 1,
#     icmp-rfc8335-missing-bytes.pcap 1; inside a tunnel whose inner
#     header claims more than the tunnel carries: hostile-tunnels.pcap 7, 11.
#     The same for (c): tcpdump ("[total length N > length M] (invalid)")
#     verifies an RFC 4884 structure over the bytes of the frame and gives
#     its length from them; icmpkit, with the structure not all there, has
#     no checksum status and the length the IP header implies.  Rule: both
#     sides see the invalid length -> tcpdump's checksum status and length
#     of the structure are exceptions, every other value must agree.  Seen in:
#     icmp-cksum-oobr-4.pcapng 1.
#   R-SNAP (legitimate difference of readers, checksum): libpcap cuts a record
#     whose caplen exceeds the file's snapshot length down to that length;
#     tshark's reader keeps it whole.  icmpkit then really has fewer bytes,
#     marks the message truncated and leaves the checksum unverified.  Rule:
#     icmpkit unverified + truncated, and libpcap's caplen for the frame
#     (from `tcpdump -r FILE -w -`) is below tshark's frame.cap_len ->
#     exception.  Seen in: rpl-dao-oobr.pcap 1 (snaplen 95, record 110 bytes;
#     tshark: bad).
#   R-SHORT (tshark quirk): an ICMP message the IP length makes shorter than
#     the 8-byte ICMP header.  tshark throws "Malformed Packet" before adding
#     icmp.type, so it has an icmp layer without a type; icmpkit shows type
#     and code (the bytes are there) and flags the message.  Rule: tshark has
#     an icmp/icmpv6 layer with no type and _ws.malformed, and icmpkit's len
#     < 8 -> exception.  Seen in: icmp-icmp_print-oobr-1.pcap 1 (IP length
#     23: 3 bytes of ICMP); hostile-lengths.pcap 9 (IP length 24: 4 bytes).
#   R-CUT8 (tshark quirk): the capture ends inside the first 8 bytes of the
#     message (type and code are there, id/seq or the rest of the header are
#     not).  tshark gives up on the whole header ("Packet size limited during
#     capture: ICMP truncated") and shows no type; icmpkit shows type and
#     code and marks the message truncated.  Rule: tshark has an icmp/icmpv6
#     layer with no type and _ws.short, and icmpkit says truncated ->
#     exception.  Seen in: hostile-truncated.pcap 10 (4 bytes of an echo).
#   R-PLEN0 (policy): IPv6 payload length 0.  icmpkit takes it as a TSO
#     capture or jumbogram and decodes the rest of the frame (the decoder's rule: the wire
#     length is all there is to go by), tshark gives the ICMPv6 layer zero
#     bytes and throws before the type.  Rule: tshark has an icmpv6 layer
#     with no type and _ws.malformed, ipv6.plen is 0 -> exception.  Seen in:
#     icmpv6-length-zero.pcapng 1.  (IPv4 total length 0 is read from the
#     frame by both: icmp-length-zero.pcapng 1 agrees.)
#   R-IDSEQ-CUT (policy, id/seq): the capture ends after the identifier but
#     before the end of the sequence number.  icmpkit prints id and seq as a
#     pair and only when both were captured (a value never comes from bytes
#     that are not there); tshark shows the identifier alone.  Rule: icmpkit
#     truncated with neither id nor seq, tshark has an id, no seq and
#     _ws.short -> exception.  Seen in: hostile-truncated.pcap 11 (id, no
#     seq), 12 (id and half the seq).
#   S-TSHARK-LINK (skip): tshark does not dissect the link type, its frame
#     has no ip/ipv6 layer at all (frame.protocols "data"), icmpkit decodes
#     it.  Seen in: icmp6_nodeinfo_oobr.pcap 1 (DLT_SLIP, BSD SLIP header).
#   S-LINK (skip): tshark finds ICMP in a capture whose link type icmpkit does
#     not decode (not in decode/dec.h's DEC_DLT_* list).
#   S-TUNNEL (skip): tshark finds ICMP inside an encapsulation icmpkit does
#     not walk (the first IP layer is followed by something else than ICMP,
#     or a non-IP layer such as MPLS sits before it): GRE version 1, VXLAN
#     without its I flag, Geneve version 1, nesting past icmpkit's limit of
#     16 layers (pcaps/hostile-tunnels.pcap 8, 10, 15, 16).
#   S-TSHARK-TUNNEL (skip): icmpkit finds ICMP in an encapsulation tshark 4.0
#     leaves as data: ERSPAN type III with frame type 2 (an IP packet, no
#     Ethernet header; tshark: ...:gre:erspan:data).  Seen in:
#     pcaps/tunnels.pcap 8.
#   Both empty: tshark has an icmp layer but no type and icmpkit reports no
#     ICMP message for the frame (fewer than 2 bytes): they agree there is
#     no message to compare; counted as agreement.
#
# Everything else that differs is a failure.
#
# Usage: tests/conformance.sh [FILE...] (default: all of the above, pcaps/
# searched recursively).  Prints one line per file and a summary; exits 1 on any failure, 2 when it
# cannot run (missing tools, no captures).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ICMPKIT=${ICMPKIT:-./icmpkit-san}
shared=${ICMPKIT_SHARED:-../shared}
corpus=$shared/corpus/tcpdump

for t in tshark jq tcpdump; do
	command -v "$t" >/dev/null || {
		echo "conformance: $t not found (make deps)" >&2
		exit 2
	}
done
[ -x "$ICMPKIT" ] || { echo "conformance: $ICMPKIT not built" >&2; exit 2; }
# A fresh clone has no shared corpus: outside CI that is a loud SKIP of the
# corpus part (pcaps/ and the crash captures are still checked); in CI
# (CI=true) the corpus is required.
if [ ! -d "$corpus" ]; then
	if [ "${CI:-}" = true ]; then
		echo "conformance: no $corpus (CI=true requires it; set" \
			"ICMPKIT_SHARED to the shared directory)" >&2
		exit 2
	fi
	echo "conformance: SKIP: no tcpdump corpus at $corpus (set" \
		"ICMPKIT_SHARED); only pcaps/ and tests/fuzz/crashes/ are checked" >&2
	corpus=
fi

if [ $# -gt 0 ]; then
	files=("$@") # only these (for a developer looking at one capture)
else
	mapfile -t files < <(find ${corpus:+"$corpus"} pcaps tests/fuzz/crashes -type f \
		\( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | sort)
fi
[ "${#files[@]}" -gt 0 ] || { echo "conformance: no captures" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/icmpkit-conf.XXXXXX")
trap 'rm -rf "$work"' EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# Link types icmpkit decodes, by libpcap's name (decode/dec.h DEC_DLT_*).
supported_links=" NULL EN10MB SLIP PPP RAW PPP_SERIAL LOOP LINUX_SLL IPV4 IPV6 LINUX_SLL2 "

nfiles=0 nframes=0 nagree=0 nexcept=0 nskip=0 nfail=0
fails=() excepts=() skips=()
US=$'\037'

fail() { nfail=$((nfail + 1)); fails+=("$*"); echo "  FAIL: $*"; }
except() { nexcept=$((nexcept + 1)); excepts+=("$*"); echo "  exception: $*"; }
skip() { nskip=$((nskip + 1)); skips+=("$*"); echo "  SKIP: $*"; }

# san_run FILE ARGS...: one sanitized decode; leaves stdout in $work/out.
san_run()
{
	local f=$1 rc=0 n
	shift
	"$ICMPKIT" read "$@" "$f" >"$work/out" 2>"$work/err" || rc=$?
	if grep -qE 'Sanitizer|runtime error:' "$work/err"; then
		fail "$f: sanitizer report (read $*)"
		sed 's/^/    | /' "$work/err" | head -60
		return 1
	fi
	n=$(wc -l <"$work/err")
	if [ "$rc" = 0 ] && [ "$n" = 0 ]; then
		return 0
	fi
	if [ "$rc" = 2 ] && [ "$n" = 1 ] && grep -q '^icmpkit: ' "$work/err"; then
		echo "  note: read $* exits 2: $(cat "$work/err")"
		return 0
	fi
	fail "$f: read $* exited $rc with $n stderr lines"
	sed 's/^/    | /' "$work/err" | head -20
	return 1
}

# json_ok FILE ARGS: stdout of the last run is JSON Lines with the keys.
json_ok()
{
	local f=$1 bad
	shift
	if ! jq -e -s 'all(type == "object")' "$work/out" >/dev/null 2>&1; then
		fail "$f: read $* output does not parse as JSON Lines"
		jq . "$work/out" 2>&1 >/dev/null | head -3 | sed 's/^/    | /'
		return 1
	fi
	bad=$(jq -r 'select(has("frame")) | select(
		[has("ts", "ip", "src", "dst", "ttl", "proto", "type", "code",
		     "name", "checksum", "len")] | all | not) | .frame' \
		"$work/out" | head -5 | tr '\n' ' ')
	if [ -n "$bad" ]; then
		fail "$f: read $* lacks required JSON keys in frames $bad"
		return 1
	fi
	return 0
}

# Numeric value of a tshark field ("0xfb61", "42", ""): empty stays empty.
num() { [ -n "$1" ] && echo $(($1)) || echo ""; }
first() { echo "${1%%,*}"; }
ck_word()
{
	case ${1,,} in
	1 | good) echo ok ;;
	0 | bad) echo bad ;;
	2 | unverified | "" | 3 | "not present") echo unverified ;;
	*) echo "tshark-status-$1" ;;
	esac
}

# Where in tshark's protocol path the ICMP sits: "direct" when the first IP
# layer (after any VLAN tags, IPv6 extension headers, AH) carries it.
icmp_path()
{
	local p=$1 tok seen_ip=0
	local IFS=:
	for tok in $p; do
		if [ "$seen_ip" = 1 ]; then
			case $tok in
			icmp | icmpv6) echo direct; return ;;
			ipv6.* | ah) continue ;;
			*) echo tunnel; return ;;
			esac
		fi
		case $tok in
		ip | ipv6) seen_ip=1 ;;
		mpls | gre | pppoe | pppoes | l2tp | vxlan | gtp | erspan | \
			ipip | ip6ip | 6to4 | teredo | udp | tcp)
			echo tunnel; return ;;
		esac
	done
	echo none
}


# (c) Extension fields.  For a corpus capture with an expected-output file
# beside it (TESTLIST: the row with the most -v), every extension value
# tcpdump prints must be what icmpkit reports (JSON), frame by frame:
# the structure's version, checksum value and status and length (when
# tcpdump could verify it), each object's class, C-Type and length, MPLS
# label/TC/S/TTL, interface role, index, address, name and its length,
# MTU, a zero-length name, the L bit of an extended echo request and the
# state/A/4/6 bits of a reply.  Values are compared, never the layout.
# A value icmpkit shows and tcpdump does not (tcpdump stops at the first
# short read) is listed, not failed.
tcpdump_facts()
{
	awk '
	function hex(s,   i, c, v) {
		v = 0
		s = tolower(s)
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", substr(s, i, 1)) - 1
			v = v * 16 + c
		}
		return v
	}
	function ck(line,   a) {
		if (match(line, /checksum 0x[0-9a-f]+ \((in)?correct\), length [0-9]+/)) {
			a = substr(line, RSTART, RLENGTH)
			split(a, w, " ")
			print fr "\text.cksum=" hex(substr(w[2], 3))
			print fr "\text.checksum=" (w[3] == "(correct)," ? "correct" : "incorrect")
			print fr "\text.len=" w[5]
		}
	}
	/^ *[0-9]+  [0-9][0-9][0-9][0-9]-/ {
		fr = $1
		if ($0 ~ /\[total length [0-9]+ > length [0-9]+\] \(invalid\)/)
			print fr "\tiplen=invalid"
		next
	}
	/Multi-Part extension v[0-9]+/ {
		match($0, /extension v[0-9]+/)
		print fr "\text.version=" substr($0, RSTART + 11, RLENGTH - 11)
		ck($0)
	}
	/^\t(Local|Remote) Interface/ {
		print fr "\tlocal=" ($0 ~ /Local/ ? 1 : 0)
		ck($0)
	}
	/Object \([0-9]+\), Class-Type: [0-9]+, length [0-9]+/ {
		match($0, /\([0-9]+\), Class-Type: [0-9]+, length [0-9]+/)
		a = substr($0, RSTART, RLENGTH)
		gsub(/[(),:]/, "", a)
		split(a, w, " ")
		print fr "\tobj=" w[1] "/" w[3] "/" w[5]
	}
	/^\t +label [0-9]+, tc [0-9]+, / {
		s = ($0 ~ /\[S\]/) ? 1 : 0
		a = $0
		gsub(/[,\[\]S]/, "", a)
		split(a, w, " ")
		print fr "\tlabel=" w[2] "/" w[4] "/" s "/" w[6]
	}
	/Interface Role: / {
		r = $0
		sub(/.*Interface Role: /, "", r)
		m["Incoming IP Interface"] = "incoming-ip"
		m["Sub-IP Component of Incoming IP Interface"] = "incoming-sub-ip"
		m["Outgoing IP Interface"] = "outgoing-ip"
		m["IP Next-hop"] = "next-hop"
		print fr "\trole=" (r in m ? m[r] : r)
	}
	/Interface Index: [0-9]+/ { a = $0; sub(/.*Index: /, "", a); print fr "\tifindex=" a }
	/IP Address sub-object: / { a = $0; sub(/.*sub-object: /, "", a); print fr "\taddr=" a }
	/Interface Name, length [0-9]+: / {
		a = $0
		sub(/.*Interface Name, length /, "", a)
		n = a
		sub(/:.*/, "", n)
		sub(/^[0-9]+: /, "", a)
		print fr "\tname_len=" n
		print fr "\tifname=" a
	}
	/Interface Name \[length 0\] \(invalid\)/ { print fr "\tname_error=length-0" }
	/^\t +MTU: [0-9]+/ { a = $0; sub(/.*MTU: /, "", a); print fr "\tmtu=" a }
	/Code [0-9]+ \(.*\), State [0-9]+ \(.*\), active [01] ipv4 [01] ipv6 [01]/ {
		a = $0
		sub(/.*State /, "", a)
		st = a
		sub(/ .*/, "", st)
		sub(/.*active /, "", a)
		split(a, w, " ")
		print fr "\tstate=" st
		print fr "\tactive=" w[1]
		print fr "\tipv4=" w[3]
		print fr "\tipv6=" w[5]
	}' "$1"
}

icmpkit_facts()
{
	jq -r 'select(has("frame")) | .frame as $f | (
		(if .ext then
			"ext.version=\(.ext.version)",
			"ext.cksum=\(.ext.cksum)",
			(if .ext.checksum == "ok" or .ext.checksum == "bad" then
				"ext.checksum=\(if .ext.checksum == "ok" then "correct" else "incorrect" end)",
				"ext.len=\(.ext.len)"
			else empty end),
			(.ext.objects[]? |
				"obj=\(.class)/\(.ctype)/\(.len)",
				(.labels[]? | "label=\(.label)/\(.tc)/\(if .s then 1 else 0 end)/\(.ttl)"),
				(if .role then "role=\(.role)" else empty end),
				(if .ifindex != null then "ifindex=\(.ifindex)" else empty end),
				(if .addr then "addr=\(.addr)" else empty end),
				(if .ifname != null then "name_len=\(.name_len)", "ifname=\(.ifname)" else empty end),
				(if .mtu != null then "mtu=\(.mtu)" else empty end),
				(if .sub_error == "interface name length 0" then "name_error=length-0" else empty end))
		else empty end),
		(if .why == "IPv4 total length beyond packet" and .ext then
			"iplen=invalid" else empty end),
		(if has("local") then "local=\(if .local then 1 else 0 end)" else empty end),
		(if has("state") then "state=\(.state)",
			"active=\(if .active then 1 else 0 end)",
			"ipv4=\(if .ipv4 then 1 else 0 end)",
			"ipv6=\(if .ipv6 then 1 else 0 end)" else empty end)
		) | "\($f)\t\(.)"' "$1"
}

# The expected-output file for a corpus capture: TESTLIST's most verbose
# row with at least one -v.
out_for()
{
	local base
	base=$(basename "$1")
	awk -v c="$base" '$2 == c && $4 ~ /^-v/ {
		n = 0
		for (i = 4; i <= NF; i++)
			n += gsub(/v/, "v", $i)
		if (n > best) { best = n; out = $3 }
	} END { if (out != "") print out }' \
		"$corpus/TESTLIST"
}

ext_compare()
{
	local f=$1 out fr v missing extra n next_frames
	[ -n "$corpus" ] || return 0
	case $f in "$corpus"/*) ;; *) return 0 ;; esac
	out=$(out_for "$f")
	[ -n "$out" ] && [ -f "$corpus/$out" ] || return 0
	# iplen=invalid marks a frame for the R-IPLEN rule; it is not a value.
	tcpdump_facts "$corpus/$out" | sort >"$work/tf.all"
	grep -v $'\tiplen=' "$work/tf.all" >"$work/tf" || true
	[ -s "$work/tf" ] || return 0
	"$ICMPKIT" read -j "$f" 2>/dev/null >"$work/ej" || true
	icmpkit_facts "$work/ej" | sort >"$work/if.all"
	grep -v $'\tiplen=' "$work/if.all" >"$work/if" || true
	n=$(wc -l <"$work/tf")
	missing=$(comm -23 "$work/tf" "$work/if")
	extra=$(comm -13 "$work/tf" "$work/if")
	next_frames=$(cut -f1 "$work/tf" | sort -nu | wc -l)
	if [ -n "$missing" ]; then
		while IFS=$'\t' read -r fr v; do
			# R-IPLEN for extensions: tcpdump clipped the message to
			# the frame and checked the structure over the bytes
			# there; icmpkit takes the length from the IP header,
			# so the structure is not all captured: no checksum
			# status, a longer length.
			if [[ $v == ext.checksum=* || $v == ext.len=* ]] &&
				grep -qx "$fr"$'\t'"iplen=invalid" "$work/tf.all" &&
				grep -qx "$fr"$'\t'"iplen=invalid" "$work/if.all"; then
				except "$f frame $fr: R-IPLEN: tcpdump's $v is over" \
					"the bytes of a frame shorter than its IPv4" \
					"total length; icmpkit leaves the extension" \
					"unverified"
				continue
			fi
			fail "$f frame $fr: extension value from $out missing or" \
				"different in icmpkit: $v (icmpkit: $(awk -F'\t' \
				-v fr="$fr" '$1 == fr { printf "%s ", $2 }' "$work/if"))"
		done <<<"$missing"
	fi
	if [ -n "$extra" ]; then
		echo "  note: icmpkit shows more than $out:" \
			$(awk -F'\t' '{ printf "%s:%s ", $1, $2 }' <<<"$extra")
	fi
	next_values=$((next_values + n))
	next_total=$((next_total + next_frames))
	echo "  extensions: $n values in $next_frames frames compared with $out"
}

next_values=0 next_total=0
for f in "${files[@]}"; do
	nfiles=$((nfiles + 1))
	echo "== $f"

	# (a) sanitized decodes.
	san_run "$f" -vv -X -e
	san_run "$f" --stats
	san_run "$f" -j -vv -e --stats && json_ok "$f" -j -vv -e --stats
	san_run "$f" -j || continue
	json_ok "$f" -j || continue
	jq -r 'select(has("frame")) | [.frame, .proto, .type, .code,
		.checksum, (.id // "" | tostring), (.seq // "" | tostring),
		(if .truncated then 1 else 0 end), (.why // ""), .len]
		| map(tostring) | join("\u001f")' "$work/out" >"$work/ik"

	# (b) tshark.
	link=$(tcpdump -r "$f" -c 1 2>&1 >/dev/null |
		sed -nE 's/.*link-type ([^ ]+) .*/\1/p' | head -1)
	tshark -o ip.defragment:FALSE -o ipv6.defragment:FALSE \
		-d udp.port==8472,vxlan -d mpls.label==30001,pwethcw -r "$f" \
		-T fields -E separator=/t -e frame.number -e frame.protocols \
		-e frame.cap_len -e icmp.type -e icmp.code \
		-e icmp.checksum.status -e icmp.ident -e icmp.seq \
		-e icmpv6.type -e icmpv6.code -e icmpv6.checksum.status \
		-e icmpv6.echo.identifier -e icmpv6.echo.sequence_number \
		-e icmp.ext.echo.seq -e icmpv6.ext.echo.seq -e ipv6.plen \
		-e _ws.expert.message -e _ws.short -e _ws.malformed \
		2>"$work/ts.err" |
		tr '\t' "$US" >"$work/ts"
	if [ ! -s "$work/ts" ] && grep -qv 'Running as user' "$work/ts.err"; then
		echo "  note: tshark: $(grep -v 'Running as user' "$work/ts.err" |
			head -1)"
	fi

	unset ik ts pcl
	declare -A ik=() ts=() pcl=()
	while IFS=$US read -r fr rest; do
		ik[$fr]=$rest
	done <"$work/ik"
	have_pcl=0
	while IFS=$US read -r fr protos rest; do
		case ":$protos:" in
		*:icmp:* | *:icmpv6:*) ts[$fr]="$protos$US$rest" ;;
		*)
			# Not ICMP for tshark: keep what it saw, in case icmpkit
			# found ICMP there.
			[ -n "${ik[$fr]+x}" ] && ts[$fr]="$protos$US$rest"
			;;
		esac
	done <"$work/ts"

	frames=$(printf '%s\n' "${!ik[@]}" "${!ts[@]}" | grep . | sort -nu)
	for fr in $frames; do
		IFS=$US read -r protos t_cap t4 c4 k4 id4 seq4 t6 c6 k6 id6 seq6 \
			xseq4 xseq6 plen6 expert short malformed <<<"${ts[$fr]-}"
		IFS=$US read -r proto ty co ck id seq trunc why len \
			<<<"${ik[$fr]-}"
		where="$f frame $fr"
		is_icmp=0
		case ":$protos:" in *:icmp:* | *:icmpv6:*) is_icmp=1 ;; esac

		if [ -z "${ik[$fr]+x}" ]; then
			# tshark only.
			nframes=$((nframes + 1))
			if [[ $supported_links != *" $link "* ]]; then
				skip "$where: S-LINK: link type $link ($protos)"
			elif [ -z "$(first "$t4$t6")" ]; then
				nagree=$((nagree + 1))
				echo "  agree: $where: no ICMP type on either side"
			elif [ "$(icmp_path "$protos")" != direct ]; then
				skip "$where: S-TUNNEL: $protos"
			else
				fail "$where: tshark sees ICMP ($protos, type" \
					"$(first "$t4$t6")), icmpkit reports nothing"
			fi
			continue
		fi
		if [ "$is_icmp" = 0 ]; then
			# icmpkit only.
			nframes=$((nframes + 1))
			case ":$protos:" in
			*:gre:erspan:data:)
				skip "$where: S-TSHARK-TUNNEL: tshark leaves" \
					"the ERSPAN payload as data ($protos);" \
					"icmpkit: $proto type $ty"
				;;
			*:ip:* | *:ipv6:*)
				fail "$where: icmpkit reports $proto type $ty," \
					"tshark sees no ICMP (${protos:-no frame})"
				;;
			*)
				skip "$where: S-TSHARK-LINK: tshark does not" \
					"dissect link type $link (${protos:-no frame});" \
					"icmpkit: $proto type $ty"
				;;
			esac
			continue
		fi

		nframes=$((nframes + 1))
		if [ "$proto" = icmp6 ]; then
			tt=$(first "$t6") tc=$(first "$c6") tk=$(first "$k6")
			tid=$(first "$id6") tseq=$(first "$seq6")
			txseq=$(first "$xseq6")
		else
			tt=$(first "$t4") tc=$(first "$c4") tk=$(first "$k4")
			tid=$(first "$id4") tseq=$(first "$seq4")
			txseq=$(first "$xseq4")
		fi
		if [ -z "$tt" ]; then
			if [ -n "$malformed" ] && [ "$len" -lt 8 ]; then
				except "$where: R-SHORT: ICMP length $len by the IP" \
					"header, tshark malformed without a type;" \
					"icmpkit $proto type $ty code $co"
			elif [ -n "$short" ] && [ "$trunc" = 1 ]; then
				except "$where: R-CUT8: capture ends in the first" \
					"8 bytes of the message, tshark has no type;" \
					"icmpkit $proto type $ty code $co"
			elif [ -n "$malformed" ] && [ "$proto" = icmp6 ] &&
				[ "$(first "$plen6")" = 0 ]; then
				except "$where: R-PLEN0: IPv6 payload length 0;" \
					"icmpkit type $ty code $co from the frame length"
			else
				fail "$where: tshark has $proto without a type" \
					"($protos), icmpkit type $ty code $co"
			fi
			continue
		fi

		bad=() note=()
		[ "$tt" = "$ty" ] || bad+=("type icmpkit $ty tshark $tt")
		[ "$tc" = "$co" ] || bad+=("code icmpkit $co tshark $tc")

		tck=$(ck_word "$tk")
		if [ "$tck" != "$ck" ]; then
			if [ "$ck" = unverified ] && [ "$trunc" = 1 ] &&
				[[ $why == "IPv4 total length beyond packet" ||
					$why == "IPv6 payload length beyond packet" ]] &&
				[[ $expert == *"total length exceeds packet length"* ||
					$expert == *"payload length exceeds framing length"* ]]; then
				note+=("R-IPLEN: checksum icmpkit unverified ($why)," \
					"tshark $tck over the bytes present")
			elif [ "$ck" = unverified ] && [ "$trunc" = 1 ]; then
				if [ "$have_pcl" = 0 ]; then
					have_pcl=1
					tcpdump -r "$f" -w - 2>/dev/null |
						tshark -r - -T fields -e frame.number \
							-e frame.cap_len 2>/dev/null \
							>"$work/pcl"
					while read -r a b; do
						pcl[$a]=$b
					done <"$work/pcl"
				fi
				if [ -n "${pcl[$fr]-}" ] && [ "${pcl[$fr]}" -lt "$t_cap" ]; then
					note+=("R-SNAP: checksum icmpkit unverified" \
						"(libpcap caplen ${pcl[$fr]}), tshark $tck" \
						"(caplen $t_cap)")
				else
					bad+=("checksum icmpkit $ck ($why) tshark $tck")
				fi
			else
				bad+=("checksum icmpkit $ck tshark $tck${why:+ (icmpkit: $why)}")
			fi
		fi

		# id/seq: which tshark fields hold them for this type.
		xid="" xsq="" query=0
		if [ "$proto" = icmp ]; then
			case $tt in
			0 | 8 | 13 | 14 | 15 | 16 | 17 | 18)
				query=1 xid=$tid xsq=$tseq ;;
			42 | 43) query=1 xid=$tid xsq=$txseq ;;
			esac
		else
			case $tt in
			128 | 129) query=1 xid=$tid xsq=$tseq ;;
			160 | 161) query=1 xid=$tid xsq=$txseq ;;
			esac
		fi
		if [ "$query" = 1 ]; then
			xid=$(num "$xid") xsq=$(num "$xsq")
			if [ -z "$xid$xsq" ] && [ -z "$id$seq" ]; then
				: # neither has them (message cut before them)
			elif [ -z "$id$seq" ] && [ "$trunc" = 1 ] &&
				[ -n "$xid" ] && [ -z "$xsq" ] && [ -n "$short" ]; then
				note+=("R-IDSEQ-CUT: capture ends between id and" \
					"seq; tshark shows id $xid, icmpkit neither")
			else
				[ "$xid" = "$id" ] ||
					bad+=("id icmpkit ${id:-none} tshark ${xid:-none}")
				[ "$xsq" = "$seq" ] ||
					bad+=("seq icmpkit ${seq:-none} tshark ${xsq:-none}")
			fi
		elif [ -n "$id$seq" ]; then
			bad+=("icmpkit has id/seq ($id/$seq) on non-query type $ty")
		fi

		if [ "${#bad[@]}" -gt 0 ]; then
			fail "$where: $proto $ty/$co: $(IFS=';'; echo "${bad[*]}")"
		elif [ "${#note[@]}" -gt 0 ]; then
			except "$where: $proto $ty/$co: ${note[*]}"
		else
			nagree=$((nagree + 1))
		fi
	done

	# (c) RFC 4884/5837/8335 extension fields against tcpdump's output.
	ext_compare "$f"
done

echo
echo "conformance: $nfiles files, $nframes ICMP frames compared," \
	"$nagree agree, $nexcept documented exceptions, $nskip skipped," \
	"$nfail failures; extension values: $next_values in $next_total" \
	"frames compared with tcpdump's output"
if [ "$nexcept" -gt 0 ]; then
	echo "documented exceptions:"
	printf '  %s\n' "${excepts[@]}"
fi
if [ "$nskip" -gt 0 ]; then
	echo "SKIPPED (not compared):"
	printf '  %s\n' "${skips[@]}"
fi
if [ "$nfail" -gt 0 ]; then
	echo "FAILURES:"
	printf '  %s\n' "${fails[@]}"
	exit 1
fi
exit 0
