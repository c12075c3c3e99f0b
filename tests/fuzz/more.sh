#!/bin/bash
# The harnesses beyond the decoder's (tests/fuzz/run.sh):
#   pcap         capture/fastread.c against libpcap (fuzz_pcap.c)
#   replay       replay's prepare() and rewriting (fuzz_replay.c)
#   args-CMD     the argument parser of send, ping, trace, replay
#                (fuzz_args.c)
#
#   tests/fuzz/more.sh SECONDS   fuzz each for SECONDS (make fuzz)
#   tests/fuzz/more.sh smoke     run each once over its seeds (make
#                                fuzz-smoke): no libFuzzer mutation
#
# Seeds: the captures of pcaps/ (whole files for pcap; one record each,
# through tests/fuzz/seeds, for replay) and tests/fuzz/args/CMD-*.
# Corpora grow in tests/fuzz/corpus-NAME/ (gitignored).  Prints per
# harness the executions and the coverage (edges, features) libFuzzer
# reports; any crash or broken invariant fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mode=${1:-60}
names="pcap replay json args-send args-ping args-trace args-replay"
work=$(mktemp -d "${TMPDIR:-/tmp}/icmpkit-fuzzmore.XXXXXX")
trap 'rm -rf "$work"' EXIT

seed() { # NAME DIR: the seeds of harness NAME into DIR
	case $1 in
	pcap) find pcaps -type f \( -name '*.pcap' -o -name '*.pcapng' \) \
		-size -200k -exec cp {} "$2/" \; ;;
	replay) tests/fuzz/seeds "$2" $(find pcaps -name '*.pcap' -o -name '*.pcapng' | sort) \
		>/dev/null 2>&1 || true ;;
	json) for f in pcaps/extensions.pcap pcaps/echo4.pcap pcaps/echo6.pcap; do
		[ -f "$f" ] && ./icmpkit read -j --payload "$f"
	done | split -l 1 - "$2/line-" ;;
	args-*) cp tests/fuzz/args/"${1#args-}"-* "$2/" ;;
	esac
}

fail=0
for n in $names; do
	bin=tests/fuzz/fuzz-$n
	[ -x "$bin" ] || { echo "more: $bin not built (make fuzz)" >&2; exit 2; }
	if [ "$mode" = smoke ]; then
		dir=$work/$n
		mkdir -p "$dir"
	else
		dir=tests/fuzz/corpus-$n
		mkdir -p "$dir"
	fi
	seed "$n" "$dir"
	args=(-max_len=70000 -timeout=10 -detect_leaks=0 -print_final_stats=1)
	[ "$mode" = smoke ] && args+=(-runs=0) || args+=(-max_total_time="$mode")
	log=$work/$n.log
	rc=0
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$bin" "${args[@]}" -artifact_prefix="$work/$n-" "$dir" >"$log" 2>&1 || rc=$?
	execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
	cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
	echo "more: $n: ${execs:-?} executions, coverage ${cov:-?} edges (${ft:-?} features), $(find "$dir" -type f | wc -l) inputs, exit $rc"
	if [ "$rc" != 0 ]; then
		grep -E 'invariant broken|ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -20 >&2
		mkdir -p tests/fuzz/artifacts
		cp "$work/$n-"* tests/fuzz/artifacts/ 2>/dev/null || true
		fail=1
	fi
done
[ $fail = 0 ] || { echo "more: FAILED (inputs in tests/fuzz/artifacts/)" >&2; exit 1; }
