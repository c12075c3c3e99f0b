#!/usr/bin/env bash
# Golden tests: every capture under pcaps/ decoded in text, -vv -e, JSON
# and --stats, compared with the files committed beside it.  Each golden
# file holds stdout, then the exit status and stderr as trailer lines, so
# error paths (a truncated capture) are pinned down as well.
#
#   tests/golden.sh           compare (ICMPKIT=./icmpkit-san to use the
#                             sanitizer build)
#   tests/golden.sh --regen   rewrite the golden files (review the diff!)
set -u
cd "$(dirname "$0")/.."
bin=${ICMPKIT:-./icmpkit}
# Text times are local time: the golden files are written in UTC.
export TZ=UTC
regen=0
[ "${1:-}" = --regen ] && regen=1

variants=(txt vv.txt json stats.txt)
args_txt=()
args_vv_txt=(-vv -e -X)
args_json=(-j)
args_stats_txt=(-q --stats)
# Captures with fragments in their name also with --reassemble.
args_reasm_txt=(--reassemble --stats)
variants_of() { # file
	if [[ ${1##*/} == *frag* ]]; then echo "${variants[@]}" reasm.txt; else echo "${variants[@]}"; fi
}

run_variant() { # file variant
	local f=$1 v=$2 out err rc
	local -n a="args_${v//./_}"
	err=$(mktemp)
	out=$("$bin" read "${a[@]}" "$f" 2>"$err")
	rc=$?
	printf '%s\n' "$out"
	printf '# exit %d\n' "$rc"
	sed 's/^/# stderr: /' "$err"
	rm -f "$err"
}

fail=0 n=0
mapfile -t files < <(find pcaps -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)
if [ ${#files[@]} -lt 8 ]; then
	echo "golden: FAIL: expected at least 8 captures under pcaps/, found ${#files[@]}"
	exit 1
fi
for f in "${files[@]}"; do
	for v in $(variants_of "$f"); do
		g="$f.$v"
		got=$(run_variant "$f" "$v")
		if [ "$v" = json ]; then
			if ! printf '%s\n' "$got" | grep -v '^# ' | jq -e . >/dev/null; then
				echo "golden: FAIL: $f: JSON output does not parse"
				fail=$((fail + 1))
			fi
		fi
		if [ $regen = 1 ]; then
			printf '%s\n' "$got" >"$g"
			continue
		fi
		n=$((n + 1))
		if [ ! -f "$g" ]; then
			echo "golden: FAIL: $g missing (run make regen-golden)"
			fail=$((fail + 1))
		elif ! diff -u "$g" <(printf '%s\n' "$got") >/tmp/golden.diff.$$; then
			echo "golden: FAIL: $f ($v) differs:"
			head -40 /tmp/golden.diff.$$
			fail=$((fail + 1))
		fi
	done
done
rm -f /tmp/golden.diff.$$
if [ $regen = 1 ]; then
	echo "golden: rewrote ${#files[@]} captures x ${#variants[@]} variants"
	exit 0
fi
echo "golden: $n comparisons over ${#files[@]} captures, $fail failed ($bin)"
[ $fail = 0 ]
