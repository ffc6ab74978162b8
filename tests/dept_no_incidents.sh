# tests/dept_no_incidents.sh - a department that sends only measures (the sample's
# Socialförvaltningen: no source of incidents has department="social") gets no incident
# tables of zeros and no "0 händelser" sentence in its section ("missing is not zero",
# SPEC.md 4): one sentence says it sends no incidents, and its measures are still listed.
# A department with incidents keeps its tables.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
# independent of trygg: the departments named on an incident source of the configuration
# (insatser.csv and the Brå file carry no department attribute)
expect_eq "the sample's config gives social no source" \
	"$(grep -c '<source[^>]*department="social"' "$S")" 0
expect_exit "report with department versions" 0 "$TRYGG" report -q -c "$S" \
	--period sommar-2018 --per-department -o "$TMP/rep"
# section TEXT HEADING: the lines of the section that starts at a line that is HEADING alone
section() {
	pdftotext -layout "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g' |
		awk -v h="$2" '$0 == h { on = 1; next } on && /^(Datakvalitet|Sammanfattning|Fastighetsavdelningen|Barn- och utbildningsförvaltningen|Kultur- och fritidsförvaltningen|Socialförvaltningen)$/ { exit } on'
}
main=$(ls "$TMP"/rep/bjuv-sommar-2018.pdf)
ver=$(ls "$TMP"/rep/*social*.pdf 2>/dev/null | head -n 1)
expect_eq "a version for social was written" "$([ -s "$ver" ] && echo yes)" yes
for f in "$main" "$ver"; do
	name=${f##*/}
	section "$f" "Socialförvaltningen" >"$TMP/social.txt"
	expect_grep "$name: social's section says it sends no incidents" "$TMP/social.txt" \
		"Socialförvaltningen lämnar inga händelser till underlaget, bara insatser."
	expect_grep "$name: social's measures are listed" "$TMP/social.txt" "Fältassistenter sommarlov"
	for t in "Händelser per kategori" "Händelser per ort" "antalet händelser" " 0 kr"; do
		if grep -q "$t" "$TMP/social.txt"; then
			not_ok "$name: no '$t' in social's section" "$(grep -m1 "$t" "$TMP/social.txt")"
		else
			ok "$name: no '$t' in social's section"
		fi
	done
done
section "$main" "Fastighetsavdelningen" >"$TMP/fast.txt"
expect_grep "a department with incidents keeps its category table" "$TMP/fast.txt" "Händelser per kategori"
if grep -q "lämnar inga händelser" "$TMP/fast.txt"; then
	not_ok "no such sentence for a department with incidents"
else
	ok "no such sentence for a department with incidents"
fi
