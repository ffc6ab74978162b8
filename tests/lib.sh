# tests/lib.sh - tiny TAP-style helpers for the shell tests. Each check prints "ok - NAME" or
# "not ok - NAME" with the reason; tests/run.sh counts them.
# Sourced with TRYGG (the binary under test) and TMP (a scratch folder) set.

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# expect_exit NAME CODE CMD… : runs CMD, checks its exit code; output kept in $TMP/out, $TMP/err
expect_exit() {
	name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name" "exit $got, want $want: $*" "stderr: $(head -c 400 "$TMP/err")"
	fi
}

# expect_grep NAME FILE PATTERN : fixed-string search
expect_grep() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1" "'$3' not found in $2:" "$(head -c 600 "$2")"
	fi
}

expect_no_grep() {
	if grep -qF -- "$3" "$2"; then not_ok "$1" "'$3' found in $2"; else ok "$1"; fi
}

expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2'" "want '$3'"; fi
}
