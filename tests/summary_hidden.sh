# tests/summary_hidden.sh - when a summary sentence prints a hidden count ("<3" or ".."),
# the summary says right below what the two marks mean, with the configured threshold; the
# sample's summer 2018 has both (Klotter "..", Inbrott "<3": tests/audit.sh, disclosure).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
th=$(sed -n 's/.*small-count-threshold="\([0-9]*\)".*/\1/p' "$S" | head -n 1)
th=${th:-3}
for lang in sv en; do
	expect_exit "report ($lang)" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 --lang $lang -o "$TMP/$lang"
	pdftotext -layout "$TMP/$lang"/*.pdf - 2>/dev/null | sed 's/\xc2\xa0/ /g' | tr -s ' ' >"$TMP/$lang.txt"
done
# the lines from the summary list's first bullet to the first line that is no bullet
# or its continuation, then the paragraph after the blank line
# (tr -s leaves one space before a bullet and its wrapped lines; the note starts in column 1)
after_list() { awk '/^ ?• / { on = 1 } on && !/^ / { if (NF) { print; exit } }' "$1"; }
expect_eq "sv: a summary sentence shows '..'" \
	"$(grep -cE '^ ?• .*: \.\. händelser' "$TMP/sv.txt" | awk '{ print ($1 > 0) }')" 1
case $(after_list "$TMP/sv.txt") in
"\"<$th\" står för ett antal från 1 till $((th - 1)),"*) ok "sv: the note follows the list" ;;
*) not_ok "sv: the note follows the list" "got '$(after_list "$TMP/sv.txt")'" ;;
esac
case $(after_list "$TMP/en.txt") in
"\"<$th\" stands for a count from 1 to $((th - 1)),"*) ok "en: the note follows the list" ;;
*) not_ok "en: the note follows the list" "got '$(after_list "$TMP/en.txt")'" ;;
esac
tr '\n' ' ' <"$TMP/sv.txt" | tr -s ' ' >"$TMP/sv1.txt"
expect_grep "sv: it explains '..'" "$TMP/sv1.txt" '".." döljer ett antal som annars skulle gå att räkna fram'
