#!/usr/bin/env bash
# The man page and the bash completion agree with `icmpkit help`:
#  - icmpkit.1 renders without warnings (man-db/groff, and mandoc -T lint when
#    it is installed);
#  - every option token that `icmpkit help CMD` prints (-c, --json, -vv, ...)
#    appears in the man page's subsection for CMD, and --version at the top;
#  - completion/icmpkit.bash is registered with `complete -F`, names every long
#    option in the file, and, run with simulated COMP_WORDS, offers every
#    command, every option of each command, interface names for -i/-I (plus
#    "any" for sniff), send's type names and file names;
#  - the checker itself fails when one option is removed from a copy of the
#    man page or of the completion (so that this test can fail at all).
# ICMPKIT, MANPAGE and COMPLETION override the files checked.
set -u
cd "$(dirname "$0")/.." || exit 2
bin=$(realpath "${ICMPKIT:-./icmpkit}")
manpage=$(realpath "${MANPAGE:-icmpkit.1}")
comp=$(realpath "${COMPLETION:-completion/icmpkit.bash}")
commands="read sniff send ping replay trace"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "man: FAIL: $*"
	fail=$((fail + 1))
}

# help_tokens CMD: the option tokens `icmpkit help CMD` prints, one per line.
help_tokens() {
	"$bin" help "$1" | grep -oE '(^|[][ ,|(])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[^-]*//' | sort -u
}

# man_text FILE [CMD]: the roff source as plain words (escapes and macro
# names removed); with CMD only its subsection (.SS "icmpkit CMD").
man_text() {
	local sect=${2:+icmpkit $2}
	awk -v s="$sect" '
		s == "" { print; next }
		/^\.S[SH]/ { on = (index($0, "\"" s "\"") > 0); next }
		on' "$1" |
		grep -v '^\.\\"' |
		sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' \
			-e 's/\\(..//g' -e 's/\\[&%]//g' -e 's/^\.[A-Z][A-Z]* *//' \
			-e 's/"/ /g'
}

# has_token TOKEN < TEXT: TOKEN occurs as a whole option word.
has_token() { grep -qE -e "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)"; }

# check_man FILE: every help token in its command's subsection; prints what
# is missing as "CMD TOKEN" lines.
check_man() {
	local cmd t
	man_text "$1" | has_token --version || echo "top --version"
	for cmd in $commands; do
		man_text "$1" "$cmd" >"$tmp/sect"
		if [ ! -s "$tmp/sect" ]; then
			echo "$cmd (no subsection .SS \"icmpkit $cmd\")"
			continue
		fi
		for t in $(help_tokens "$cmd"); do
			has_token "$t" <"$tmp/sect" || echo "$cmd $t"
		done
	done
}

# complete_words FILE WORD...: what the completion in FILE offers for the
# command line WORD... (the last word is the one being completed), one per
# line, run in $tmp/files.
complete_words() {
	local f=$1
	shift
	[ "$1" = icmpkit ] && set -- "$bin" "${@:2}" # its --list-types is used
	(cd "$tmp/files" && bash --norc --noprofile -c '
		. "$0" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_icmpkit "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$f" "$@" 2>&1)
}

# check_completion FILE: every help token offered after "CMD -", and every
# long option written in FILE; prints what is missing.
check_completion() {
	local f=$1 cmd t
	complete_words "$f" icmpkit -- >"$tmp/offered"
	grep -qx -e --version "$tmp/offered" || echo "top --version"
	for cmd in $commands; do
		complete_words "$f" icmpkit "$cmd" - >"$tmp/offered"
		for t in $(help_tokens "$cmd"); do
			grep -qxF -e "$t" "$tmp/offered" || echo "$cmd $t (not offered)"
			case $t in
			--*) grep -qE -e "(^|[^A-Za-z0-9-])$t([^A-Za-z0-9-]|\$)" "$f" ||
				echo "$cmd $t (not in $f)" ;;
			esac
		done
	done
}

# 1. The page renders cleanly.
if [ ! -f "$manpage" ]; then
	bad "$manpage: missing"
elif command -v man >/dev/null; then
	w=$(man --warnings -E UTF-8 -l "$manpage" 2>&1 >/dev/null)
	[ -z "$w" ] && ok || bad "man --warnings: $w"
	if command -v mandoc >/dev/null; then
		w=$(mandoc -T lint -W warning "$manpage" 2>&1)
		[ -z "$w" ] && ok || bad "mandoc -T lint: $w"
	fi
else
	echo "man: SKIP rendering check: man-db is not installed"
fi

# 2. Every option of `icmpkit help CMD` is in the man page.
for cmd in $commands; do
	n=$(help_tokens "$cmd" | wc -l)
	[ "$n" -ge 2 ] && ok || bad "help $cmd: only $n option tokens found"
done
missing=$(check_man "$manpage")
[ -z "$missing" ] && ok || bad "options missing from $manpage:" $'\n'"$missing"

# 2b. Every JSON key README lists (its "JSON keys" section and ping's -j row)
# is in the man page's JSON KEYS section.
# shellcheck disable=SC2016 # backticks are literal here
readme_keys() {
	{
		awk '/^### JSON keys/ { on = 1 } /^## / && !/^## icmpkit/ { on = 0 } on' README.md
		grep -E '^\| `-j`' README.md
	} | grep -oE '`[^`]+`' | tr -d '`' | grep -v '^-' |
		grep -oE '[a-z][a-z0-9_]*' | sort -u
}
awk '/^\.SH/ { on = ($0 ~ /JSON KEYS/) } on' "$manpage" >"$tmp/json.1"
man_text "$tmp/json.1" >"$tmp/json.txt"
n=0 missing=
for k in $(readme_keys); do
	n=$((n + 1))
	grep -qE -e "(^|[^A-Za-z0-9_])$k([^A-Za-z0-9_]|\$)" "$tmp/json.txt" || missing+=" $k"
done
[ "$n" -ge 50 ] && ok || bad "only $n JSON keys found in README.md"
[ -z "$missing" ] && ok || bad "JSON keys of README.md missing from JSON KEYS in $manpage:$missing"

# 3. The completion: registered, offers every option, interfaces, types, files.
mkdir -p "$tmp/files/dir"
: >"$tmp/files/cap one.pcap"
: >"$tmp/files/dir/inner.pcap"
reg=$(bash --norc --noprofile -c '. "$0" && complete -p icmpkit' "$comp" 2>&1)
[ "$reg" = "complete -F _icmpkit icmpkit" ] && ok || bad "complete -p icmpkit: $reg"
missing=$(check_completion "$comp")
[ -z "$missing" ] && ok || bad "options missing from $comp:" $'\n'"$missing"

offered=$(complete_words "$comp" icmpkit "" | sort | tr '\n' ' ')
[ "$offered" = "--help --version help ping read replay send sniff trace " ] && ok ||
	bad "commands offered: $offered"
offered=$(complete_words "$comp" icmpkit help s | sort | tr '\n' ' ')
[ "$offered" = "send sniff " ] && ok || bad "help s: $offered"

ifaces=$(find /sys/class/net -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
offered=$(complete_words "$comp" icmpkit sniff -i "" | sort | tr '\n' ' ')
want=$(echo "$ifaces any" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
[ "$offered" = "$want" ] && ok || bad "sniff -i: offered '$offered', want '$want'"
for c in "replay -i" "send -I" "ping -I"; do
	# shellcheck disable=SC2086 # "CMD OPT"
	offered=$(complete_words "$comp" icmpkit $c "" | sort | tr '\n' ' ')
	[ "$offered" = "$ifaces" ] && ok || bad "$c: offered '$offered', want '$ifaces'"
done
offered=$(complete_words "$comp" icmpkit sniff -i l)
[ "$offered" = lo ] && ok || bad "sniff -i l: offered '$offered', want lo"
for c in "send -i" "ping -i" "ping -w" "read -c"; do
	# shellcheck disable=SC2086
	offered=$(complete_words "$comp" icmpkit $c "")
	[ -z "$offered" ] && ok || bad "$c takes a number, offered: $offered"
done

want=$("$bin" send --list-types | awk '{ print $3 }' | sort -u | tr '\n' ' ')
offered=$(complete_words "$comp" icmpkit send --type "" | sort | tr '\n' ' ')
[ -n "$want" ] && [ "$offered" = "$want" ] && ok ||
	bad "send --type: offered '$offered', want '$want'"
offered=$(complete_words "$comp" icmpkit send --type = | sort | tr '\n' ' ')
[ "$offered" = "$want" ] && ok || bad "send --type=: offered '$offered', want '$want'"
offered=$(complete_words "$comp" icmpkit send --type = echo-re | sort | tr '\n' ' ')
[ "$offered" = "echo-reply echo-request " ] && ok || bad "send --type=echo-re: $offered"
offered=$(complete_words "$comp" icmpkit send --type time-exceeded --code "" | sort | tr '\n' ' ')
[ "$offered" = "hop-limit-exceeded reassembly-timeout ttl-exceeded " ] && ok ||
	bad "send --type time-exceeded --code: $offered"
# The codes of the family asked for: ICMPv6 dest-unreachable has other ones.
offered=$(complete_words "$comp" icmpkit send -6 --type time-exceeded --code "" | sort | tr '\n' ' ')
[ "$offered" = "hop-limit-exceeded reassembly-timeout " ] && ok ||
	bad "send -6 --type time-exceeded --code: $offered"
offered=$(complete_words "$comp" icmpkit send -4 --type time-exceeded --code "" | sort | tr '\n' ' ')
[ "$offered" = "reassembly-timeout ttl-exceeded " ] && ok ||
	bad "send -4 --type time-exceeded --code: $offered"
offered=$(complete_words "$comp" icmpkit send -6 --type dest-unreachable --code "" | tr '\n' ' ')
want=$("$bin" send --list-types | awk '$1 == "icmp6" && $3 == "dest-unreachable"' | sed 's/.*codes: //; s/[0-9]*=//g; s/,//g')
[ "$offered" = "$want " ] && [[ $offered != *net-unreachable* ]] && ok ||
	bad "send -6 --type dest-unreachable --code: '$offered', want '$want '"
offered=$(complete_words "$comp" icmpkit send -6 --type "" | tr '\n' ' ')
[[ $offered == *neighbor-solicitation* ]] && [[ $offered != *timestamp-request* ]] && ok ||
	bad "send -6 --type: $offered"

for c in "read" "read -c 3" "replay -i lo" "read -w" "sniff -w" "send -w" \
	"send --payload-file" "send --quote-file"; do
	# shellcheck disable=SC2086
	offered=$(complete_words "$comp" icmpkit $c "" | sort | tr '\n' '|')
	case $offered in
	*"cap one.pcap|"*"dir|"*) ok ;;
	*) bad "icmpkit $c FILE: files not offered: $offered" ;;
	esac
done
offered=$(complete_words "$comp" icmpkit read dir/)
[ "$offered" = dir/inner.pcap ] && ok || bad "read dir/: offered '$offered'"
for c in "read x.pcap" "read -c 3 x.pcap" "replay -i lo x.pcap -" "send 203.0.113.1" \
	"sniff icmp" "read x.pcap -w"; do
	# shellcheck disable=SC2086
	offered=$(complete_words "$comp" icmpkit $c "")
	[ -z "$offered" ] && ok || bad "icmpkit $c FILTER...: offered '$offered'"
done
offered=$(complete_words "$comp" icmpkit read x.pcap -)
[ -z "$offered" ] && ok || bad "icmpkit read x.pcap -: options offered after FILE: '$offered'"
offered=$(complete_words "$comp" icmpkit read -)
grep -qx -e - <<<"$offered" && ok || bad "read -: stdin '-' not offered: $offered"
offered=$(complete_words "$comp" icmpkit read -c 1 x.pcap -)
grep -qx -e - <<<"$offered" && bad "read FILE -: '-' offered again" || ok

# 4. The checker can fail: a copy without --histogram, and with -vv turned
# into -v, must be reported.
sed -e 's/\\-\\-histogram//g' -e 's/\\-vv/\\-v/g' "$manpage" >"$tmp/mutant.1"
missing=$(check_man "$tmp/mutant.1")
case $missing in
*"read -vv"*"sniff -vv"*"ping --histogram"*) ok ;;
*) bad "check_man did not notice options removed from a copy: '$missing'" ;;
esac
sed 's/--histogram//g' "$comp" >"$tmp/mutant.bash"
missing=$(check_completion "$tmp/mutant.bash")
case $missing in
*"ping --histogram (not offered)"*"ping --histogram (not in"*) ok ;;
*) bad "check_completion did not notice an option removed from a copy: '$missing'" ;;
esac

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
