#!/bin/bash
# Fuzz smoke for CI (`make fuzz-smoke`, after tests/fuzz/replay and
# tests/fuzz/seeds are built): no libFuzzer, just the harness over
#   - one seed per record of the captures in pcaps/ (recursively), in
#     ${ICMPKIT_SHARED:-../shared}/corpus/tcpdump (tcpdump's ICMP captures,
#     read in place) and in tests/fuzz/crashes/,
#   - deterministic mutations of every seed (tests/fuzz/mutate.pl: byte
#     changes, truncations, every other link type, every wire-length mode),
#   - the harness inputs in tests/fuzz/crashes/ (past decoder bugs),
# first with tests/fuzz/replay (ASan+UBSan), then, when clang is there, with
# the same harness built with MemorySanitizer (uninitialized reads: the
# harness leaves struct dec_pkt as capture/emit.c does; SMOKE_MSAN=0 skips
# it).  Any sanitizer report, abort or harness invariant failure fails the
# run; the input that did it is named and the work directory is kept.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
shared=${ICMPKIT_SHARED:-../shared}
corpus=$shared/corpus/tcpdump
replay=tests/fuzz/replay
seeds=tests/fuzz/seeds
crashes=tests/fuzz/crashes
CLANG=${CLANG:-clang}

for b in "$replay" "$seeds"; do
	[ -x "$b" ] || { echo "smoke: $b not built (make $b)" >&2; exit 2; }
done
if [ -z "$(find "$corpus" -name '*.pcap*' -print -quit 2>/dev/null)" ]; then
	if [ "${CI:-}" = true ]; then
		echo "smoke: no captures in $corpus (CI=true requires them; set" \
			"ICMPKIT_SHARED to the shared directory)" >&2
		exit 2
	fi
	echo "smoke: SKIP: no tcpdump corpus at $corpus (set ICMPKIT_SHARED);" \
		"seeding from pcaps/ and tests/fuzz/crashes/ only" >&2
	corpus=
fi

# The table size of tests/fuzz/fuzz_dlt.h: the mutations use every index.
ndlt=$(sed -n '/fuzz_dlt\[\] = {/,/^};/p' tests/fuzz/fuzz_dlt.h |
	grep -c '/\* [0-9]')
[ "$ndlt" -gt 0 ] || { echo "smoke: cannot read fuzz_dlt.h" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/icmpkit-smoke.XXXXXX")
keep=0
cleanup() { [ "$keep" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
mkdir "$work/seeds" "$work/mut"

start=$(date +%s.%N)
mapfile -t caps < <(find pcaps ${corpus:+"$corpus"} "$crashes" -type f \
	\( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | sort)
"$seeds" "$work/seeds" "${caps[@]}" >"$work/seeds.out" 2>"$work/seeds.err"
grep -v '^seeds: skipping' "$work/seeds.err" >&2 || true
nseeds=$(find "$work/seeds" -type f | wc -l)
[ "$nseeds" -gt 0 ] || { echo "smoke: no seeds made" >&2; exit 1; }
nmut=$(find "$work/seeds" -type f -print0 | sort -z |
	xargs -0 perl tests/fuzz/mutate.pl "$ndlt" "$work/mut")

# Harness inputs kept as regressions: everything in crashes/ that is not a
# capture or a note.
mapfile -t regress < <(find "$crashes" -maxdepth 1 -type f ! -name '*.md' \
	! -name '*.pcap' ! -name '*.pcapng' ! -name '.*' 2>/dev/null | sort)
inputs=("$work/seeds" "$work/mut" "${regress[@]}")

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export MSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stats=0

# run_replay LABEL BINARY: one pass over all inputs; fails the script.
run_replay()
{
	local label=$1 bin=$2 rc=0 secs
	"$bin" "${inputs[@]}" >"$work/$label.out" 2>"$work/$label.err" || rc=$?
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" \
		'BEGIN { printf "%.1f", b - a }')
	if [ "$rc" != 0 ] || grep -qE \
		'Sanitizer|runtime error|invariant broken|crashed on input' \
		"$work/$label.err"; then
		keep=1
		cat "$work/$label.err" >&2
		echo "smoke: FAILED in the $label pass (exit $rc) after" \
			"${secs}s; inputs kept in $work" >&2
		exit 1
	fi
	echo "smoke: $label: $(cat "$work/$label.out") (${secs}s)"
}

run_replay asan+ubsan "$replay"

if [ "${SMOKE_MSAN:-1}" != 0 ]; then
	if command -v "$CLANG" >/dev/null &&
		"$CLANG" -std=gnu11 -O1 -g -fsanitize=memory \
			-fsanitize-memory-track-origins -fno-omit-frame-pointer \
			-o "$work/replay-msan" tests/fuzz/fuzz_decode.c \
			tests/fuzz/replay_main.c decode/*.c -lm \
			2>"$work/msan-build.err"; then
		run_replay msan "$work/replay-msan"
	else
		echo "smoke: NOTE: no MemorySanitizer pass ($CLANG cannot build" \
			"it: $(head -1 "$work/msan-build.err" 2>/dev/null))"
	fi
fi

echo "smoke: ok: $nseeds seeds from ${#caps[@]} captures, $nmut mutations," \
	"${#regress[@]} regression inputs, no sanitizer report"
