# bash completion for icmpkit(1)                          -*- shell-script -*-
# Installed as share/bash-completion/completions/icmpkit; works on its own too
# (`. completion/icmpkit.bash`), without the bash-completion package.
#
# The option lists mirror `icmpkit help CMD`; tests/man.sh fails when an
# option printed there is missing here.

# Options per command, and the subset that takes a value (next word).
_icmpkit_opts_read='-c -v -vv -X -XX -x -xx -A -t -tt -ttt -tttt -ttttt --utc
	-# --number -e -q -j --json --stats -w --print --reassemble -l -n -r -Z
	--payload -h --help'
_icmpkit_args_read='-c -w -r -Z'
_icmpkit_opts_sniff='-i -D -p -B -s -Z -c -v -vv -X -XX -x -xx -A -t -tt -ttt
	-tttt -ttttt --utc -# --number -e -q -j --json --stats -w --print
	--reassemble -l -n -r -C -G -W --duration --decap -h --help'
_icmpkit_args_sniff='-i -B -s -Z -c -w -r -C -G -W --duration'
# send's field options (the JSON keys of read), each with a value.
_icmpkit_fields_send='--addrs --originate --receive --transmit --local --state
	--active --ipv4 --ipv6 --group --max-resp --sources --qrv --qqic
	--suppress --records --hop-limit --flags --router-lifetime --reachable
	--retrans --dest --rr-seq --segment --max-delay --qtype --nonce --mip-id
	--instance --version --rank --mop --prf --dtsn --rpl-seq --status
	--dodagid'
_icmpkit_opts_send="--type --list-types --code -4 -6 -c -i --rate --flood --engine -s
	-p --payload-string --payload-file --id --seq -t -Q -D --ip-id -S -I
	--link --src-mac --dst-mac --mtu --gateway --pointer --mask --lifetime
	--target --na-flags --quote --quote-file --body --from-json --slla --tlla
	--ni-addr --ni-name --match-prefix --use-prefix --prefix --rdnss --dnssl
	--route --pref64 --mpls
	--ifinfo --ifname --ifindex --ifaddr
	--entry --source --record -w -v -q --no-reply -W -j --json -n -h --help
	$_icmpkit_fields_send"
_icmpkit_args_send="--type --code -c -i --rate --engine -s -p --payload-string
	--payload-file --id --seq -t -Q --ip-id -S -I --src-mac --dst-mac --mtu
	--gateway --pointer --mask --lifetime --target --na-flags --quote
	--quote-file --body --from-json --slla --tlla --ni-addr --ni-name
	--match-prefix --use-prefix --prefix
	--rdnss --dnssl --route --pref64 --mpls --ifinfo --ifname --ifindex
	--ifaddr --entry --source --record
	-w -W $_icmpkit_fields_send"
_icmpkit_opts_ping='-4 -6 -c -i -s -t -Q -M -p -I -b -W -w -f -l -q -D -j --json
	--histogram --timestamp -n -h --help'
_icmpkit_args_ping='-c -i -s -t -Q -M -p -I -W -w -l'
_icmpkit_opts_replay='-i -c -x --multiplier -p --pps --mbps -t --topspeed --engine -l
	--loop --duration -K --dst-mac --src-mac --src-ip --dst-ip --ttl -q -n -h
	--help'
_icmpkit_args_replay='-i -c -x --multiplier -p --pps --mbps --engine -l --loop
	--duration --dst-mac --src-mac --src-ip --dst-ip --ttl'
_icmpkit_opts_trace='-4 -6 -I -U -T -p -m -f -q -c -i -w -s -S -o -e -j --json --pmtu --ecmp -n -h
	--help'
_icmpkit_args_trace='-p -m -f -q -c -i -w -s -S -o'
_icmpkit_commands='read sniff send ping replay trace help'

# _icmpkit_ifaces [any]: interface names, plus "any" when asked.
_icmpkit_ifaces()
{
	local d names=()
	for d in /sys/class/net/*; do
		[ -e "$d" ] && names+=("${d##*/}")
	done
	[ -n "${1:-}" ] && names+=(any)
	printf '%s\n' "${names[@]}"
}

# _icmpkit_types BIN [FAMILY]: the type names `send --list-types` prints
# (third column), of FAMILY (icmp or icmp6, the first column) if given.
_icmpkit_types()
{
	"$1" send --list-types 2>/dev/null |
		awk -v f="${2:-}" '(f == "" || $1 == f) && !seen[$3]++ { print $3 }'
}

# _icmpkit_codes BIN [TYPE [FAMILY]]: code names, of TYPE if it is given,
# in FAMILY if that is given (-4/-6 on the line: dest-unreachable has
# other codes in ICMPv6).
_icmpkit_codes()
{
	"$1" send --list-types 2>/dev/null | awk -v t="${2:-}" -v f="${3:-}" '
		(f == "" || $1 == f) && (t == "" || $2 == t || $3 == t) {
			if (sub(/.*codes: /, "")) {
				n = split($0, c, /, /)
				for (i = 1; i <= n; i++) {
					sub(/^[0-9]+=/, "", c[i])
					if (!seen[c[i]]++) print c[i]
				}
			}
		}'
}

# _icmpkit_reply WORDS...: COMPREPLY = the words that start with $cur.
_icmpkit_reply()
{
	local w
	COMPREPLY=()
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# _icmpkit_compgen ACTION...: COMPREPLY = compgen ACTION -- $cur, one per line.
_icmpkit_compgen()
{
	local IFS=$'\n'
	# shellcheck disable=SC2207 # compgen prints one name per line
	COMPREPLY=($(compgen "$@" -- "$cur"))
}

# _icmpkit_lines CMD...: COMPREPLY = the lines CMD prints that start with $cur.
_icmpkit_lines()
{
	local -a lines
	mapfile -t lines < <("$@")
	_icmpkit_reply "${lines[@]}"
}

_icmpkit_files()
{
	# Quote and slash-terminate names as files (silent outside completion).
	compopt -o filenames 2>/dev/null
	_icmpkit_compgen -f
}

_icmpkit()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' bin=${COMP_WORDS[0]}
	local cword=$COMP_CWORD cmd i w v opts args npos=0 type='' dashdash=''
	local rfile='' fam=''
	local -a words=("${COMP_WORDS[@]}")
	COMPREPLY=()

	# The default COMP_WORDBREAKS splits "--type=ec" into "--type" "=" "ec".
	[ "$cword" -ge 1 ] && prev=${words[cword - 1]}
	# Readline replaces only what follows the "=", so cur is empty then.
	if [ "$cur" = "=" ]; then
		cur=''
	elif [ "$prev" = "=" ] && [ "$cword" -ge 2 ]; then
		prev=${words[cword - 2]}
	fi
	[[ $bin == \~/* ]] && bin=$HOME/${bin#\~/}
	command -v "$bin" >/dev/null 2>&1 || bin=icmpkit

	if [ "$cword" -le 1 ]; then
		# shellcheck disable=SC2086 # the list is words
		_icmpkit_reply $_icmpkit_commands --version --help
		return 0
	fi
	cmd=${words[1]}
	case $cmd in
	help)
		[ "$cword" -eq 2 ] && _icmpkit_reply read sniff send ping replay trace
		return 0
		;;
	read | sniff | send | ping | replay | trace) ;;
	*) return 0 ;;
	esac
	v=_icmpkit_opts_$cmd
	opts=${!v}
	v=_icmpkit_args_$cmd
	# shellcheck disable=SC2086 # split the list into words
	args=" $(printf '%s ' ${!v})"

	# Walk the words before the cursor up to the first positional argument
	# (every command stops parsing options there: the rest is HOST, FILE or
	# FILTER words); remember --type (for --code).
	i=2
	while [ "$i" -lt "$cword" ] && [ "$npos" -eq 0 ]; do
		w=${words[i]}
		if [ "$w" = "--" ]; then
			npos=$((cword - i - 1)) dashdash=1
			break
		fi
		if [[ $args == *" $w "* ]]; then
			[ "${words[i + 1]:-}" = "=" ] && i=$((i + 1))
			[ "$w" = "--type" ] && type=${words[i + 1]:-}
			[ "$w" = "-r" ] && rfile=1 # then every operand is FILTER
			i=$((i + 2))
			continue
		fi
		case $w in
		--type=*) type=${w#--type=} ;;
		-4) fam=icmp ;;
		-6) fam=icmp6 ;;
		-?*) ;;
		*) npos=$((npos + 1)) ;;
		esac
		i=$((i + 1))
	done

	[ "$npos" -eq 0 ] || return 0 # FILTER words: no completion

	# The value of the option before the cursor.
	if [[ $args == *" $prev "* ]]; then
		case $cmd:$prev in
		send:-i | send:-W | ping:-i | ping:-w | trace:-w | trace:-i) ;; # seconds
		trace:-p | trace:-m | trace:-f | trace:-q | trace:-c | trace:-s) ;;
		trace:-S) _icmpkit_compgen -A hostname ;;
		sniff:-i) _icmpkit_lines _icmpkit_ifaces any ;;
		*:-i | *:-I | trace:-o) _icmpkit_lines _icmpkit_ifaces ;;
		*:-w | *:-r | *:--payload-file | *:--quote-file) _icmpkit_files ;;
		sniff:-Z | read:-Z) _icmpkit_compgen -u ;;
		send:--type) _icmpkit_lines _icmpkit_types "$bin" "$fam" ;;
		send:--code) _icmpkit_lines _icmpkit_codes "$bin" "$type" "$fam" ;;
		send:--quote) _icmpkit_reply auto none ;;
		ping:-M) _icmpkit_reply 'want' 'do' 'dont' 'probe' ;;
		*:--engine) _icmpkit_reply auto xdp ring mmsg ;;
		esac
		return 0
	fi

	if [[ $cur == -* ]] && [ -z "$dashdash" ]; then
		# shellcheck disable=SC2086 # the list is words
		_icmpkit_reply $opts
		# read's FILE may be "-", standard input.
		[ "$cmd:$cur" = "read:-" ] && COMPREPLY+=(-)
		return 0
	fi
	[ -z "$rfile" ] || return 0 # FILTER words
	case $cmd in
	read)
		_icmpkit_files
		[[ - == "$cur"* ]] && COMPREPLY+=(-)
		;;
	replay) _icmpkit_files ;;
	send | ping | trace) _icmpkit_compgen -A hostname ;;
	esac
	return 0
}

complete -F _icmpkit icmpkit
