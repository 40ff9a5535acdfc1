#!/usr/bin/env bash
# Ecosystem check, run by hand (not in CI): runs `dagster2mage check` over the real Dagster
# projects listed in ../shared/corpus/dev-repos.md and compares our decorator definitions with an
# independent count made with Python's ast module (scripts/count_decorators.py).
#
# Bring the snapshots first with the search tool's fetch (github:OWNER/REPO); they land in
# $MIRROR/OWNER+REPO/repo as bare git directories. Each project is exported at the listed commit
# into eco/ (ignored by git). Usage: scripts/ecosystem.sh [OWNER/REPO...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MIRROR=${MIRROR:-/work/.mirror}
LIST=${LIST:-/work/shared/corpus/dev-repos.md}
ECO=${ECO:-$root/eco}
mkdir -p "$ECO"
(cd "$root" && go build -o bin/dagster2mage ./cmd/dagster2mage) || exit 2
BIN=$root/bin/dagster2mage

# "| owner/repo | `commit` | ..." rows of the corpus table.
mapfile -t rows < <(grep -E '^\| [^ ]+/[^ ]+ \| `[0-9a-f]{40}`' "$LIST" | awk -F'|' '{gsub(/[ `]/,"",$2); gsub(/[ `]/,"",$3); print $2" "$3}')
summary="$ECO/summary.tsv"
printf 'project\tfiles\tparse_error_files\tfindings\tdynamic\tcrashes\tunknown\tseconds\tast_defs\tmatched\trecall\n' > "$summary"
for row in "${rows[@]}"; do
  repo=${row% *}; commit=${row#* }
  if [ $# -gt 0 ]; then
    want=0; for r in "$@"; do [ "$r" = "$repo" ] && want=1; done
    [ $want -eq 1 ] || continue
  fi
  gitdir="$MIRROR/${repo/\//+}/repo"
  if [ ! -d "$gitdir" ]; then echo "skip $repo: no snapshot at $gitdir (fetch github:$repo)" >&2; continue; fi
  dest="$ECO/${repo/\//+}"
  if [ ! -f "$dest/.exported-$commit" ]; then
    rm -rf "$dest"; mkdir -p "$dest"
    if ! git --git-dir="$gitdir" archive "$commit" | tar -x -C "$dest"; then
      echo "skip $repo: commit $commit not in snapshot" >&2; continue
    fi
    touch "$dest/.exported-$commit"
  fi
  "$BIN" check --stats "$dest" > "$ECO/${repo/\//+}.stats.json" 2> "$ECO/${repo/\//+}.stderr"
  rc=$?
  "$BIN" check --format json "$dest" > "$ECO/${repo/\//+}.findings.json" 2>/dev/null
  python3 "$here/count_decorators.py" "$dest" > "$ECO/${repo/\//+}.ast.json"
  python3 - "$repo" "$rc" "$dest" "$ECO/${repo/\//+}" >> "$summary" <<'PY'
import json, os, sys
repo, rc, dest, base = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
stats = json.load(open(base + ".stats.json")) if os.path.getsize(base + ".stats.json") else {}
ours = set()
for f in json.load(open(base + ".findings.json") or "[]"):
    ours.add((os.path.relpath(f["path"], dest), f["line"], f["construct"]))
theirs = json.load(open(base + ".ast.json"))["defs"]
matched = [d for d in theirs if (d[0], d[1], d[2]) in ours]
missed = [d for d in theirs if (d[0], d[1], d[2]) not in ours]
with open(base + ".missed.json", "w") as m:
    json.dump(missed, m, indent=1)
crashes = stats.get("crashes", 0) + (1 if rc not in (0, 1) else 0)
recall = len(matched) / len(theirs) if theirs else 1.0
print("\t".join(str(x) for x in [repo, stats.get("files"), stats.get("parse_error_files"), stats.get("findings"),
      stats.get("dynamic"), crashes, sum(stats.get("unknown", {}).values()), round(stats.get("seconds", 0), 3),
      len(theirs), len(matched), f"{recall:.4f}"]))
PY
done
column -t -s $'\t' "$summary"
python3 - "$summary" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ast = sum(int(r["ast_defs"]) for r in rows); got = sum(int(r["matched"]) for r in rows)
crash = sum(int(r["crashes"]) for r in rows)
print(f"TOTAL projects={len(rows)} ast_defs={ast} matched={got} recall={got/ast if ast else 1:.4f} crashes={crash}")
PY
