# Sourced by the tests/*.sh that run the binary without privileges
# (badinput, habits): the binary under test, a temporary directory removed
# on exit, the counters and check().  The script sets T to its name first.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
bin=${ICMPKIT:-./icmpkit}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() { # NAME CONDITION-COMMAND...
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else
		echo "$T: FAIL: $name"
		fail=$((fail + 1))
	fi
}
