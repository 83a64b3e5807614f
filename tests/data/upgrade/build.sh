#!/bin/sh
# Rebuild release-5a477cc.db with the releases that wrote it (see README.md here).
# Run from the repository's root: sh tests/data/upgrade/build.sh
set -eu
ROOT=$(pwd)
OUT=$ROOT/tests/data/upgrade/release-5a477cc.db
SRC=$ROOT/tests/data/upgrade/src
SAMPLES=$ROOT/snapshots/iraq-coalition-withdrawal
KARESH=$ROOT/../shared/cases/karesh-drawdown
rm -f "$OUT"
[ -d /tmp/oldrel5 ] || git worktree add /tmp/oldrel5 025c622 >/dev/null   # parser version 5
[ -d /tmp/oldrel ] || git worktree add /tmp/oldrel 5a477cc >/dev/null     # the release (parser version 6)
[ -x /tmp/oldrel-venv/bin/tracker ] || { python3 -m venv /tmp/oldrel-venv && /tmp/oldrel-venv/bin/pip install -q -e /tmp/oldrel; }
V5="env PYTHONPATH=/tmp/oldrel5 /tmp/oldrel-venv/bin/python -m tracker.cli --db $OUT"
T="/tmp/oldrel-venv/bin/tracker --db $OUT"
export TZ=UTC
cd /tmp   # python -m would otherwise import the checkout's tracker
# parser version 5 reads the reference samples ...
$V5 init
$V5 ingest --brief iraq $SAMPLES/2020-04-04.txt $SAMPLES/2020-04-11.md $SAMPLES/2020-08-23.html
# ... and the release moves the schema and reads them again
$T init
$T reparse --brief iraq
$T ingest --brief iraq $SAMPLES/2020-08-30.txt
$T alias --brief iraq "K-1" "K1 Air Base"
$T fact set --brief iraq --at 2020-04-11 abu-ghraib personnel 300 --reason "the ministry's statement gives 300" --by analyst
# a cumulative brief, its correction report included
$T brief create karesh --mode cumulative
$T ingest --brief karesh --mode cumulative $KARESH/2024-03-05.txt $KARESH/2024-03-19.md $KARESH/2024-04-02.html $KARESH/2024-04-30.md
# a page in latin-1, and a mistaken edition withdrawn
$T ingest --brief severe $SRC/2022-05-12.html $SRC/2022-05-19.html
$T retract --brief severe 2 --reason "the Gao depot was not handed over: the page was wrong"
$T verify --deep
$T verify --checkpoint --format json > "$ROOT/tests/data/upgrade/checkpoint.json"
git worktree remove /tmp/oldrel5   # /tmp/oldrel and its venv stay for a look; remove with git worktree remove /tmp/oldrel
