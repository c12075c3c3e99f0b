#!/bin/bash
# libFuzzer run over the decoder (`make fuzz FUZZ_SECONDS=N`):
#
#   tests/fuzz/run.sh SECONDS
#
# Seeds tests/fuzz/corpus/ (gitignored; made when missing, topped up with
# new captures otherwise) from the captures in pcaps/, in
# ${ICMPKIT_SHARED:-../shared}/corpus/tcpdump and in tests/fuzz/crashes/,
# plus the harness inputs kept in tests/fuzz/crashes/, then fuzzes
# for SECONDS with one worker per core (-fork), keeping what it finds in
# the corpus.  A crash is written to tests/fuzz/artifacts/ and fails the
# run; replay it with `make tests/fuzz/replay && tests/fuzz/replay FILE`
# and, once understood, keep a small copy in tests/fuzz/crashes/.
set -euo pipefail

secs=${1:-60}
case $secs in
'' | *[!0-9]*) echo "usage: run.sh SECONDS" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
shared=${ICMPKIT_SHARED:-../shared}
fuzzer=tests/fuzz/fuzzer
corpus=tests/fuzz/corpus
artifacts=tests/fuzz/artifacts

for b in "$fuzzer" tests/fuzz/seeds; do
	[ -x "$b" ] || { echo "run: $b not built (make $b)" >&2; exit 2; }
done
mkdir -p "$corpus" "$artifacts"
# Seeds are named after their capture and record, so writing them again
# into an existing corpus only adds those of captures that are new.
mapfile -t caps < <(find pcaps "$shared"/corpus/tcpdump tests/fuzz/crashes \
	-type f \( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | sort)
if [ "${#caps[@]}" = 0 ]; then
	echo "run: no captures to seed from (pcaps/, $shared)" >&2
else
	tests/fuzz/seeds "$corpus" "${caps[@]}" 2>&1 |
		grep -v '^seeds: skipping' || true
fi
find tests/fuzz/crashes -maxdepth 1 -type f ! -name '*.md' ! -name '.*' \
	! -name '*.pcap' ! -name '*.pcapng' -exec cp {} "$corpus/" \; \
	2>/dev/null || true
echo "run: corpus $corpus: $(find "$corpus" -type f | wc -l) inputs;" \
	"fuzzing for ${secs}s"

# FUZZ_JOBS=N: workers (default one per core, at most 4); 1 fuzzes in-process.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 4 ] && jobs=4
mode=()
[ "$jobs" -gt 1 ] && mode=(-fork="$jobs")
log=$(mktemp "${TMPDIR:-/tmp}/icmpkit-fuzz.XXXXXX")
trap 'rm -f "$log"' EXIT

rc=0
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$fuzzer" "${mode[@]}" -max_total_time="$secs" -max_len=4096 \
	-timeout=10 -artifact_prefix="$artifacts/" -print_final_stats=1 \
	"$corpus" >"$log" 2>&1 || rc=$?

# The last status line carries the totals: "#N: cov: ..." with -fork,
# "#N<tab>DONE cov: ..." (or the last "#N ... cov:") without; in-process
# runs also end with stat::number_of_executed_units.
last=$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$log" | tail -1 || true)
execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
units=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" |
	tail -1)
[ -n "$units" ] && execs=$units
cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
crashes=$(find "$artifacts" -type f -newer "$log" | wc -l)
echo "run: ${execs:-?} executions, coverage ${cov:-?} edges (${ft:-?}" \
	"features), corpus ${corp:-?} inputs, ${crashes} new artifacts," \
	"fuzzer exit $rc"
if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
	grep -E 'ERROR|runtime error|invariant broken|SUMMARY|Test unit written|#[0-9]+ 0x' \
		"$log" | head -60 >&2 || true
	find "$artifacts" -type f -newer "$log" -exec ls -l {} \; >&2
	echo "run: FAILED: see the artifacts above" >&2
	exit 1
fi
