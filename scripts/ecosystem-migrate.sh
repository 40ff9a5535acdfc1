#!/usr/bin/env bash
# Ecosystem check of the migrator, run by hand (not in CI): `dagster2mage migrate` over every
# corpus project exported under $ECO (default /work/eco, one folder per owner+repo, read-only),
# then per project: constructs converted/review/manual (from --report), generated .py files that
# fail `python3 -m py_compile`, and pipelines real Mage cannot load (scripts/engines/mage_load.py
# with the mage venv). Output folders go to $OUT (default /tmp/d2m-eco-migrate), never into the
# corpus. Usage: scripts/ecosystem-migrate.sh [owner+repo...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ECO=${ECO:-/work/eco}
OUT=${OUT:-/tmp/d2m-eco-migrate}
MAGE_VENV=${D2M_MAGE_VENV:-$HOME/.cache/dagster2mage/venv/mage-0.9.80}
mkdir -p "$OUT"
(cd "$root" && go build -o bin/dagster2mage ./cmd/dagster2mage) || exit 2
BIN=$root/bin/dagster2mage

if [ $# -gt 0 ]; then projects=("$@"); else
  mapfile -t projects < <(cd "$ECO" && for d in */; do [ -d "$d" ] && echo "${d%/}"; done)
fi
summary="$OUT/summary.tsv"
printf 'project\tconverted\treview\tmanual\tmodules_copied\tmodules_not_copied\tpy_files\tpy_compile_fail\tpipelines\tmage_load_fail\tmissing_project_modules\tmissing_third_party\tmigrate_rc\tseconds\n' > "$summary"
for p in "${projects[@]}"; do
  src="$ECO/$p"
  [ -d "$src" ] || { echo "skip $p: no $src" >&2; continue; }
  base="$OUT/$p"
  proj="$base/mage_project"
  rm -rf "$base"; mkdir -p "$base"
  start=$(date +%s.%N)
  "$BIN" migrate "$src" --out "$proj" --report "$base/report.json" > "$base/migrate.out" 2> "$base/migrate.err"
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  # py_compile every generated .py (the system python3, as the issue asks), in one process.
  read -r nfiles nfail < <(find "$proj" -name '*.py' -not -path '*/__pycache__/*' -print0 2>/dev/null |
    python3 -c '
import py_compile, sys
files = [f for f in sys.stdin.buffer.read().decode().split("\0") if f]
bad = 0
with open(sys.argv[1], "w") as log:
    for f in files:
        try:
            py_compile.compile(f, doraise=True)
        except py_compile.PyCompileError as e:
            bad += 1
            log.write(str(e) + "\n")
print(len(files), bad)
' "$base/py_compile.txt")
  find "$proj" -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null
  npipes=0; nload=0
  if [ -d "$proj/pipelines" ]; then
    npipes=$(find "$proj/pipelines" -mindepth 2 -maxdepth 2 -name metadata.yaml | wc -l)
    if [ -x "$MAGE_VENV/bin/python" ]; then
      # Mage writes its DB and state under the project; work on a copy so reruns start clean.
      rm -rf "$base/load"; mkdir -p "$base/load"; cp -r "$proj" "$base/load/"
      (cd "$base/load" && MAGE_DATA_DIR="$base/load/mage_data" timeout 600 "$MAGE_VENV/bin/python" \
        "$here/engines/mage_load.py" "$base/load/mage_project" > "$base/mage_load.txt" 2>&1)
    else
      echo "no mage venv at $MAGE_VENV: pipelines not loaded" >&2; nload=NA
    fi
  fi
  python3 - "$p" "$base/report.json" "$nfiles" "$nfail" "$npipes" "$nload" "$rc" "$secs" "$base/mage_load.txt" "$src" >> "$summary" <<'PY'
import json, os, re, sys
p, rep, nfiles, nfail, npipes, nload, rc, secs, loadtxt, src = sys.argv[1:]
# A pipeline fails to load when mage_load.py reports a problem for it, except a third-party
# module missing from the mage venv (the project's requirements.txt lists it): those are
# counted apart: modules of the Dagster project itself that the blocks import and the
# translator could not copy into utils/ (it leaves a TODO), and third-party packages. A project-wide problem or a crash counts once.
# The project's own top-level names: packages whose parent folder is not a package, and modules
# of folders that are not packages (a sub-package named like a third-party package, e.g.
# service/trino, does not make `import trino` a project import).
local = set()
for dirpath, dirnames, filenames in os.walk(src):
    dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__")]
    if "__init__.py" in filenames:
        if not os.path.exists(os.path.join(os.path.dirname(dirpath), "__init__.py")):
            local.add(os.path.basename(dirpath))
    else:
        local.update(f[:-3] for f in filenames if f.endswith(".py"))
missing = set()
if nload != "NA" and os.path.exists(loadtxt):
    bad = set()
    text = open(loadtxt, errors="replace").read()
    for line in text.splitlines():
        if not line.startswith("PROBLEM "):
            continue
        m = re.search(r"No module named '([^']+)'", line)
        if m and m.group(1).split(".")[0] != "mage_project":
            missing.add(m.group(1).split(".")[0])
            continue
        pm = re.match(r"PROBLEM pipeline ([^:]+):", line)
        bad.add(pm.group(1) if pm else "<project>")
    if not re.search(r"^mage_load: \d+ pipelines", text, re.M):
        bad.add("<crash>")
    nload = len(bad)
c = {"converted": 0, "review": 0, "manual": 0}
copied = not_copied = 0
if os.path.exists(rep) and os.path.getsize(rep):
    for e in json.load(open(rep)).get("constructs") or []:
        # Project modules copied into utils/ are listed in the report but are not Dagster
        # constructs: counted apart.
        if e["construct"] == "project module":
            if e["files"] and not any(n.startswith(("not copied", "package __init__.py not copied")) for n in e["notes"]):
                copied += 1
            else:
                not_copied += 1
            continue
        c[e["status"]] = c.get(e["status"], 0) + 1
own = sorted(m for m in missing if m in local)
third = sorted(m for m in missing if m not in local)
print("\t".join(str(x) for x in [p, c["converted"], c["review"], c["manual"], copied, not_copied, nfiles, nfail, npipes, nload, ",".join(own) or "-", ",".join(third) or "-", rc, round(float(secs), 2)]))
PY
  tail -n1 "$summary"
done
column -t -s $'\t' "$summary"
python3 - "$summary" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
tot = lambda k: sum(int(r[k]) for r in rows if r[k].lstrip("-").isdigit())
print(f"TOTAL projects={len(rows)} converted={tot('converted')} review={tot('review')} manual={tot('manual')} "
      f"modules_copied={tot('modules_copied')} modules_not_copied={tot('modules_not_copied')} py_files={tot('py_files')} py_compile_fail={tot('py_compile_fail')} pipelines={tot('pipelines')} "
      f"mage_load_fail={tot('mage_load_fail')} seconds={sum(float(r['seconds']) for r in rows):.2f}")
PY
