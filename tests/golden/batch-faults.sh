# tests/golden/batch-faults.sh - failure injection under real conditions: a read-only output
# folder, a full disk (a 1 MiB tmpfs filled up, or a file-size limit where mounting is not
# allowed) and a batch killed with SIGKILL while writing. Each must leave the earlier reports
# byte-identical, exit with the right code, and leave no temporary file after the next run.
. tests/lib.sh
MNT=""
cleanup() { [ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
C=samples/bjuv/trygg.xml
export SOURCE_DATE_EPOCH=1546300800

# Reference reports for Jan–Mar, written once; every later state is compared with them.
"$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-03 -o "$TMP/ref" || not_ok "reference batch"
same_as_ref() { # DIR: every report present in DIR equals the reference; prints what differs
	for f in "$TMP"/ref/bjuv-*.pdf; do
		b=${f##*/}
		[ -f "$1/$b" ] && ! cmp -s "$f" "$1/$b" && echo "$b"
	done
}
temps() { find "$1" -name '.trygg-tmp-*' | wc -l; }

can_mount=0
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/probe" && mount -t tmpfs -o size=1m tmpfs "$TMP/probe" 2>/dev/null; then
	umount "$TMP/probe"
	can_mount=1
fi
[ "${NO_MOUNT:-0}" = 1 ] && can_mount=0 # to exercise the fallbacks by hand

# ---- read-only output folder ----
R=$TMP/ro
mkdir -p "$R"
if [ "$can_mount" = 1 ]; then
	mount -t tmpfs -o size=8m tmpfs "$R" && MNT=$R
	"$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-03 -o "$R/out"
	mount -o remount,ro "$R"
	expect_exit "read-only output folder exits 73" 73 "$TRYGG" batch -q -c "$C" \
		--monthly 2018-01..2018-03 --force -o "$R/out"
	expect_grep "read-only: the error names the folder" "$TMP/err" "$R/out"
	expect_eq "read-only: earlier reports intact" "$(same_as_ref "$R/out")" ""
	expect_eq "read-only: the reports are all still there" "$(ls "$R/out"/bjuv-*.pdf | wc -l)" "3"
	expect_exit "read-only: trygg report exits 73 too" 73 "$TRYGG" report -q -c "$C" --period 2018-01 -o "$R/out"
	umount "$R" && MNT=""
elif [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null 2>&1; then
	# Root ignores permission bits, so run as nobody where we are root.
	as() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
	chmod 755 "$TMP"
	cp -R "$TMP/ref" "$R/out"
	chmod -R a+rX "$R" && chmod 555 "$R/out"
	expect_exit "read-only output folder exits 73" 73 as "$TRYGG" batch -q -c "$PWD/$C" \
		--monthly 2018-01..2018-03 --force -o "$R/out"
	expect_eq "read-only: earlier reports intact" "$(same_as_ref "$R/out")" ""
	chmod 755 "$R/out"
else
	echo "ok - read-only output folder # SKIP cannot mount and no setpriv to drop root"
fi

# ---- full disk ----
F=$TMP/full
mkdir -p "$F"
if [ "$can_mount" = 1 ]; then
	mount -t tmpfs -o size=1m tmpfs "$F" && MNT=$F
	"$TRYGG" batch -q -c "$C" --monthly 2018-01 -o "$F/out"
	# fill every remaining block
	dd if=/dev/zero of="$F/filler" bs=4k 2>/dev/null
	expect_exit "full disk exits 73" 73 "$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-03 \
		--force -o "$F/out"
	expect_grep "full disk: the error says why" "$TMP/err" "No space left on device"
	expect_eq "full disk: the earlier report is intact" "$(same_as_ref "$F/out")" ""
	expect_eq "full disk: the earlier report is still there" "$(ls "$F/out"/bjuv-*.pdf | wc -l)" "1"
	expect_eq "full disk: no temporary file left" "$(temps "$F/out")" "0"
	rm -f "$F/filler"
	expect_exit "full disk: with space again the batch succeeds" 0 "$TRYGG" batch -q -c "$C" \
		--monthly 2018-01..2018-03 -o "$F/out"
	expect_eq "full disk: then every report equals the reference" "$(same_as_ref "$F/out")$(ls "$F/out"/bjuv-*.pdf | wc -l)" "3"
	umount "$F" && MNT=""
else
	# No mount allowed: a file-size limit (RLIMIT_FSIZE) makes write() fail with EFBIG.
	cp -R "$TMP/ref" "$F/out"
	expect_exit "file-size limit exits 73" 73 sh -c 'ulimit -f 16; exec "$@"' sh "$TRYGG" batch -q \
		-c "$C" --monthly 2018-01..2018-03 --force -o "$F/out"
	expect_eq "file-size limit: earlier reports intact" "$(same_as_ref "$F/out")" ""
	expect_eq "file-size limit: no temporary file left" "$(temps "$F/out")" "0"
fi

# ---- killed while writing ----
K=$TMP/kill
cp -R "$TMP/ref" "$K"
"$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-12 -o "$K" >/dev/null 2>&1
cp "$K"/bjuv-*.pdf "$TMP/ref/" # the reference for all twelve
"$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-12 -j 2 --force -o "$K" >/dev/null 2>&1 &
pid=$!
# wait until a report is being written (a temporary file exists), then SIGKILL the run
i=0
while [ "$(temps "$K")" = 0 ] && [ $i -lt 2000 ]; do i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
if [ $i -lt 2000 ]; then ok "killed: SIGKILL arrived while a report was being written"; else
	not_ok "killed: SIGKILL arrived while a report was being written" "no temporary file seen"; fi
wait "$pid" 2>/dev/null
# The workers die with their parent (PR_SET_PDEATHSIG) and hold the folder's lock until they
# are gone, as they should: they were writing there. On a loaded machine that can take
# longer than a moment, so wait (up to 30 s) until the lock is free instead of a fixed sleep.
j=0
while ! flock -n "$K/.trygg.lock" true 2>/dev/null && [ $j -lt 300 ]; do
	sleep 0.1
	j=$((j + 1))
done
expect_eq "killed: every report is whole and unchanged" "$(same_as_ref "$K")" ""
expect_eq "killed: no report went missing" "$(ls "$K"/bjuv-*.pdf | wc -l)" "12"
: >"$K/.trygg-tmp-stale1" # as a run killed during a write leaves behind
expect_exit "killed: the next run exits 0" 0 "$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-12 -o "$K"
expect_eq "killed: no temporary file after the next run" "$(temps "$K")" "0"
expect_eq "killed: every digest is back" "$(ls -a "$K" | grep -c '^\.bjuv-.*\.digest$')" "12"
expect_eq "killed: and every report equals the reference" "$(same_as_ref "$K")" ""

# ---- output that is not a folder ----
: >"$TMP/file"
expect_exit "output below a file exits 73" 73 "$TRYGG" batch -q -c "$C" --monthly 2018-01 -o "$TMP/file/sub"
