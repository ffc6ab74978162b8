# tests/golden/manpage.sh - doc/trygg.1 documents every command, every option of every
# command and every exit code, renders without warnings, and its EXAMPLES run.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
MAN=doc/trygg.1

if command -v groff >/dev/null 2>&1; then
	groff -mdoc -Tutf8 -ww "$MAN" 2>"$TMP/groff.err" | sed 's/.\x08//g' >"$TMP/man.txt"
	expect_eq "trygg.1 renders without groff warnings" "$(head -c 300 "$TMP/groff.err")" ""
	expect_grep "rendered page has EXAMPLES" "$TMP/man.txt" "EXAMPLES"
else
	echo "ok - trygg.1 renders # SKIP groff not installed"
fi

"$TRYGG" --help >"$TMP/help"
cmds=$(sed -n '/^commands:/,/^$/p' "$TMP/help" | awk 'NF && $1 != "commands:" {print $1}')
expect_eq "--help lists the four commands" "$(echo $cmds | wc -w)" "4"
missing="" n_opts=0
for c in $cmds; do
	grep -q "^\.Cm $c\$" "$MAN" || missing="$missing $c"
	grep -q "^\.Ss trygg $c\$" "$MAN" || missing="$missing $c(section)"
	for opt in $("$TRYGG" help "$c" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		n_opts=$((n_opts + 1))
		grep -q -- "Fl -${opt#--}\\b" "$MAN" || missing="$missing $c:$opt"
	done
done
expect_eq "every command and option is in trygg.1" "$missing" ""
expect_eq "the options were found in the usages" "$([ "$n_opts" -ge 30 ] && echo yes)" "yes"
codes=""
for code in 0 1 64 65 66 73 75 78; do
	sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$MAN" | grep -q "^\.It $code\$" || codes="$codes $code"
done
expect_eq "every exit code is in trygg.1" "$codes" ""

# The EXAMPLES: every literal line that starts with "trygg " runs, in a scratch folder with
# the samples, and exits 0.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$MAN" | sed -n '/^\.Bd -literal/,/^\.Ed/p' |
	grep '^trygg ' >"$TMP/examples"
expect_eq "EXAMPLES has at least six commands" "$([ "$(wc -l <"$TMP/examples")" -ge 6 ] && echo yes)" "yes"
mkdir -p "$TMP/work/samples"
cp -R samples/bjuv "$TMP/work/samples/"
i=0
while IFS= read -r line; do
	i=$((i + 1))
	(cd "$TMP/work" && eval "\"\$TRYGG\" ${line#trygg }") >"$TMP/ex$i.out" 2>"$TMP/ex$i.err" </dev/null
	rc=$?
	if [ "$rc" -eq 0 ]; then ok "example $i runs: $line"; else
		not_ok "example $i runs: $line" "exit $rc" "$(head -c 400 "$TMP/ex$i.err")"
	fi
done <"$TMP/examples"
expect_grep "the repeated batch example writes nothing" "$TMP/ex$i.err" "up to date; nothing written"
expect_eq "the mail example wrote mail files" "$(ls "$TMP/work/mail" | grep -c '\.eml$')" \
	"$(grep -c '<department ' samples/bjuv/trygg.xml)"
