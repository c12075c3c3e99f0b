#!/usr/bin/env bash
# icmpkit read has three ways through a file: libpcap alone, fastread
# (classic pcap walked in chunks, libpcap taking over at the first odd
# record), and, for -q, fastread on two threads.  Every way must print the
# same bytes, say the same errors and exit the same.  Compared here over
# the bundled captures, the tcpdump corpus, files made below to hit each
# hand-over to libpcap (byte-swapped, microseconds, a record over the
# snapshot length, one over libpcap's limit, cut in a record header, an
# old version) and a generated capture of several thousand records, so
# that the two-thread pipeline goes round its ring of batches.
set -u
cd "$(dirname "$0")/.."
bin=${ICMPKIT:-./icmpkit}
tmp=${READPATHS_TMP:-$(mktemp -d)}
[ -n "${READPATHS_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 files=0

# run OUT ENV... -- ARGS...: stdout, stderr and exit code of one read.
run() {
	local out=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	env "${envs[@]}" timeout 60 "$bin" read "$@" >"$out" 2>&1
	echo "exit $?" >>"$out"
}

# same NAME ARGS...: the libpcap-only run against fastread (one and two
# threads).
same() {
	local name=$1 w
	shift
	run "$tmp/ref" ICMPKIT_FASTREAD=0 ICMPKIT_THREADS=1 -- "$@"
	for w in "ICMPKIT_THREADS=1" "ICMPKIT_THREADS=2"; do
		run "$tmp/got" "$w" -- "$@"
		if cmp -s "$tmp/ref" "$tmp/got"; then
			pass=$((pass + 1))
		else
			echo "readpaths: FAIL: $name ($w): read $*"
			diff "$tmp/ref" "$tmp/got" | head -5 | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	done
}

check_file() {
	local f=$1
	files=$((files + 1))
	same "$f -vv" -vv "$f"
	same "$f -j" -j "$f"
	same "$f -q --stats" -q --stats "$f"
	same "$f -q -j --stats icmp6" -q -j --stats "$f" icmp6
}

for f in pcaps/*.pcap pcaps/hostile-linktypes/*.pcap; do
	check_file "$f"
done
corpus=${ICMPKIT_SHARED:-../shared}/corpus/tcpdump
if [ -d "$corpus" ]; then
	for f in "$corpus"/*.pcap; do
		check_file "$f"
	done
else
	if [ "${CI:-}" = true ]; then
		echo "readpaths: no $corpus (CI=true requires it)" >&2
		exit 2
	fi
	echo "readpaths: SKIP: $corpus not found; the tcpdump corpus is not compared" >&2
fi

# Files that send fastread back to libpcap.  le32/be32 V: 4 bytes.
le32() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"; }
be32() { printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"; }
# The data of one echo request, from a file of ours (native order).
src=$tmp/one.pcap
"$bin" read -q -c 1 -w "$src" pcaps/echo4.pcap icmp
caplen=$(od -An -tu4 -j32 -N4 "$src" | tr -d ' ')
dd if="$src" of="$tmp/pkt" bs=1 skip=40 count="$caplen" status=none
# fhdr ORDER MAGIC VERSION_MINOR SNAPLEN: a file header.
fhdr() {
	local o=$1
	$o "$2"
	if [ "$o" = le32 ]; then printf '\x02\x00'"\\x$(printf %02x "$3")"'\x00'; else printf '\x00\x02\x00'"\\x$(printf %02x "$3")"; fi
	$o 0
	$o 0
	$o "$4"
	$o 1
}
# rec ORDER SEC FRAC CAPLEN LEN: a record header.
rec() { $1 "$2"; $1 "$3"; $1 "$4"; $1 "$5"; }
mk() { # NAME ORDER MAGIC MINOR SNAPLEN: three records of pkt
	{
		fhdr "$2" "$3" "$4" "$5"
		for i in 1 2 3; do
			rec "$2" $((1700000000 + i)) $((i * 1000)) "$caplen" "$caplen"
			cat "$tmp/pkt"
		done
	} >"$tmp/$1.pcap"
}
mk swapped-us be32 $((0xa1b2c3d4)) 4 65535
mk swapped-ns be32 $((0xa1b23c4d)) 4 65535
mk native-us le32 $((0xa1b2c3d4)) 4 65535
mk version-2-3 le32 $((0xa1b2c3d4)) 3 65535
mk over-snaplen le32 $((0xa1b2c3d4)) 4 60
{
	fhdr le32 $((0xa1b2c3d4)) 4 65535
	rec le32 1700000001 0 "$caplen" "$caplen"
	cat "$tmp/pkt"
	rec le32 1700000002 0 300000 300000
	head -c 300000 /dev/zero
} >"$tmp/over-limit.pcap"
{
	cat "$tmp/native-us.pcap"
	rec le32 1700000009 0 "$caplen" "$caplen" | head -c 10
} >"$tmp/cut-header.pcap"
for f in swapped-us swapped-ns native-us version-2-3 over-snaplen over-limit cut-header; do
	check_file "$tmp/$f.pcap"
done

# Several thousand records of every kind in the bench mix.
if [ ! -x bench/out/gen ]; then
	cc -O2 -o "$tmp/gen" bench/gen.c $(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap) -lnet
	gen=$tmp/gen
else
	gen=bench/out/gen
fi
"$gen" "$tmp/mixed.pcap" 20000 >/dev/null
check_file "$tmp/mixed.pcap"
same "mixed -q --stats, a filter" -q --stats "$tmp/mixed.pcap" 'icmp[0] == 8 or vlan'

# Damaged files: bytes overwritten at random places (a fixed seed, so the
# same files every run), record headers included; libpcap decides what
# is an error, and the fast ways must agree with it everywhere.
RANDOM=4242
damaged=0 damaged_err=0
"$gen" "$tmp/mixed-500.pcap" 500 >/dev/null
for base in pcaps/echo4.pcap pcaps/hostile-lengths.pcap "$tmp/mixed-500.pcap"; do
	size=$(stat -c %s "$base")
	# Where the record headers are (native little-endian files).
	hdrs=() at=24
	while [ $((at + 16)) -le "$size" ]; do
		hdrs+=("$at")
		at=$((at + 16 + $(od -An -tu4 -j$((at + 8)) -N4 "$base" | tr -d ' ')))
	done
	for m in $(seq 40); do
		f=$tmp/damaged.pcap
		cp "$base" "$f"
		for k in 1 2 3; do
			# Anywhere past the file header, or in a record
			# header (its lengths and times) one time in two.
			if ((RANDOM % 2)); then
				off=$((24 + (RANDOM * 32768 + RANDOM) % (size - 24)))
			else
				off=$((${hdrs[RANDOM % ${#hdrs[@]}]} + RANDOM % 16))
			fi
			# (RANDOM read here: a subshell would reseed it.)
			v=$((RANDOM % 256))
			printf "\\x$(printf %02x "$v")" |
				dd of="$f" bs=1 seek="$off" conv=notrunc status=none
		done
		files=$((files + 1))
		same "damaged $base #$m -vv" -vv "$f"
		same "damaged $base #$m -q --stats" -q --stats "$f"
		grep -q '^exit 2$' "$tmp/ref" && damaged_err=$((damaged_err + 1))
		damaged=$((damaged + 1))
	done
done
echo "readpaths: $damaged damaged files, $damaged_err of them errors for libpcap"

echo "readpaths: $pass passed, $fail failed ($files files, 3 ways each)"
[ "$fail" -eq 0 ]
