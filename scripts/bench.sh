#!/usr/bin/env bash
# Whole-process benchmarks of `anpo validate` and `anpo release` against the parse floor
# and two peers, on the same generated data and the same schema. Prints a Markdown
# report (also saved under the work folder); BENCHMARKS.md holds the last one.
#
#   bash scripts/bench.sh                 # 10k, 50k, 100k and 1M records
#   BENCH_SIZES="10000 50000" bash scripts/bench.sh
#
# Settings (environment):
#   BENCH_SIZES      record counts (default "10000 50000 100000 1000000")
#   BENCH_RUNS       hyperfine runs per command below 1M records (default 5; 2 at 1M)
#   BENCH_PEER_RUNS  runs of the peers at 1M records (default 1: check-jsonschema takes minutes)
#   BENCH_TIMEOUT    seconds before a `release` run is given up (default 900)
#   BENCH_DIR        where data, peers and results go (default target/bench)
#
# What it installs, each pinned, into BENCH_DIR (and Debian packages when missing):
#   hyperfine and time (apt), ajv-cli 5.0.0 with ajv 8.20.0 and ajv-formats 3.0.1 (npm),
#   check-jsonschema 0.39.0 (pip, in a virtual environment).
#
# The commands timed, for each size N (DIR = BENCH_DIR/data/N):
#   floor     target/release/examples/parse_floor DIR/data
#   validate  target/release/anpo validate DIR/data
#   faulty    target/release/anpo validate DIR-schema/data   (1% of records with schema faults)
#             target/release/anpo validate DIR-rules/data    (1% of records with rule faults)
#   ajv       ajv validate --spec=draft2020 -c ajv-formats --all-errors --strict=false
#                 -s DIR/schema/dataset.schema.json -d 'DIR/data/*.json'
#   cjs       check-jsonschema --schemafile DIR/schema/dataset.schema.json DIR/data/*.json
#   release   target/release/anpo release --force --out TMP DIR/data   (once, with a timeout;
#             once more into /dev/shm, where there is one, to set the disk apart)
# and each once more under /usr/bin/time -v for its peak memory (maximum resident set).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-$root/target/bench}"
sizes="${BENCH_SIZES:-10000 50000 100000 1000000}"
runs="${BENCH_RUNS:-5}"
peer_runs_1m="${BENCH_PEER_RUNS:-1}"
timeout_s="${BENCH_TIMEOUT:-900}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# -- tools
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

node_dir="$work/node"
node_pins="ajv-cli@5.0.0 ajv@8.20.0 ajv-formats@3.0.1"
if [ ! -x "$node_dir/node_modules/.bin/ajv" ] || [ "$(cat "$node_dir/.pins" 2>/dev/null)" != "$node_pins" ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  rm -rf "$node_dir"
  # shellcheck disable=SC2086
  npm install --no-audit --no-fund --silent --prefix "$node_dir" $node_pins
  echo "$node_pins" >"$node_dir/.pins"
fi
ajv="$node_dir/node_modules/.bin/ajv"

venv="$work/venv"
py_pins="check-jsonschema==0.39.0"
if [ ! -x "$venv/bin/check-jsonschema" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "$py_pins" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$py_pins"
  echo "$py_pins" >"$venv/.pins"
fi
cjs="$venv/bin/check-jsonschema"

(cd "$root" && cargo build --release --locked --quiet --bin anpo --example gen --example parse_floor)
anpo="$root/target/release/anpo"
floor="$root/target/release/examples/parse_floor"
gen="$root/target/release/examples/gen"

# -- data: regenerated when the generator changes
stamp="$(cat "$root/examples/gen/"*.rs | sha256sum | cut -c1-16)"
generate() { # N NAME [gen options]
  local n="$1" name="$2"
  shift 2
  local dir="$work/data/$name"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    "$gen" --records "$n" --out "$dir" "$@" 2>/dev/null
    echo "$stamp" >"$dir/.stamp"
  fi
}

results="$work/results"
mkdir -p "$results"
report="$results/report-$(date -u +%Y%m%dT%H%M%SZ).md"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "anpo $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(rustc --version), node $(node --version), $("$cjs" --version)"
  echo
} >"$report"

peak_kb() { # command... → peak resident set in kB (exit status ignored)
  /usr/bin/time -f "%M" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
  tail -1 "$tmp/time"
}

for n in $sizes; do
  generate "$n" "$n"
  generate "$n" "$n-schema" --faults $((n / 100 / 4)) --only schema
  generate "$n" "$n-rules" --faults $((n / 100 / 5)) --only rules
  dir="$work/data/$n"
  bytes=$(du -sb "$dir/data" | cut -f1)
  mapfile -t files < <(find "$dir/data" -name '*.json' | sort)

  # Correctness first: the valid data passes, every planted fault is reported, located.
  "$anpo" validate --deny-warnings "$dir/data" >/dev/null
  for faulty in schema rules; do
    fdir="$work/data/$n-$faulty"
    code=0
    "$anpo" validate --format json "$fdir/data" >"$tmp/found.json" || code=$?
    [ "$code" = 1 ] || { echo "validate exited $code on $fdir" >&2; exit 1; }
    python3 - "$fdir" "$tmp/found.json" <<'EOF'
import json, os, sys
fdir, found = sys.argv[1], sys.argv[2]
planted = {(f["code"], os.path.join(fdir, f["file"]), f["pointer"]) for f in json.load(open(os.path.join(fdir, "faults.json")))}
diags = json.load(open(found))
assert all(d["line"] >= 1 and d["column"] >= 1 for d in diags), "every diagnostic located"
reported = {(d["rule"], d["file"], d["pointer"]) for d in diags}
missing = planted - reported
extra = reported - planted
assert not missing and not extra, f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
print(f"{fdir}: all {len(planted)} planted faults reported, nothing else", file=sys.stderr)
EOF
  done

  if [ "$n" -ge 1000000 ]; then r=2; pr="$peer_runs_1m"; else r="$runs"; pr="$runs"; fi
  hyperfine --style basic --warmup 1 --runs "$r" -N --export-json "$results/$n-anpo.json" \
    -n floor "$floor $dir/data" \
    -n validate "$anpo validate $dir/data" >&2
  hyperfine --style basic --runs "$r" -N -i --export-json "$results/$n-faulty.json" \
    -n faulty-schema "$anpo validate $work/data/$n-schema/data" \
    -n faulty-rules "$anpo validate $work/data/$n-rules/data" >&2
  hyperfine --style basic --runs "$pr" -N --export-json "$results/$n-peers.json" \
    -n ajv "$ajv validate --spec=draft2020 -c ajv-formats --all-errors --strict=false -s $dir/schema/dataset.schema.json -d $dir/data/*.json" \
    -n check-jsonschema "$cjs --schemafile $dir/schema/dataset.schema.json ${files[*]}" >&2

  # release: once, with a timeout (its time is far above the others').
  rm -rf "$tmp/release"
  rcode=0
  /usr/bin/time -f "%e %M" -o "$tmp/release.time" timeout "$timeout_s" "$anpo" release --force --out "$tmp/release" "$dir/data" >/dev/null 2>&1 || rcode=$?
  read -r release_s release_kb < <(tail -1 "$tmp/release.time")
  rm -rf "$tmp/release"
  # The same into memory (tmpfs), where there is one: the release writes ~3.7 times the
  # input's bytes, so on a slow disk the disk bounds it; this run shows what the tool costs.
  ram_s=0; ram_kb=0; ram_code=-1
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    ram="$(mktemp -d /dev/shm/anpo-bench.XXXXXX)"
    ram_code=0
    /usr/bin/time -f "%e %M" -o "$tmp/release-ram.time" timeout "$timeout_s" "$anpo" release --out "$ram/release" "$dir/data" >/dev/null 2>&1 || ram_code=$?
    read -r ram_s ram_kb < <(tail -1 "$tmp/release-ram.time")
    rm -rf "$ram"
  fi

  mem_validate=$(peak_kb "$anpo" validate "$dir/data")
  mem_floor=$(peak_kb "$floor" "$dir/data")
  mem_faulty=$(peak_kb "$anpo" validate "$work/data/$n-schema/data")
  mem_rules=$(peak_kb "$anpo" validate "$work/data/$n-rules/data")
  mem_ajv=$(peak_kb "$ajv" validate --spec=draft2020 -c ajv-formats --all-errors --strict=false -s "$dir/schema/dataset.schema.json" -d "$dir/data/*.json")
  mem_cjs=$(peak_kb "$cjs" --schemafile "$dir/schema/dataset.schema.json" "${files[@]}")

  python3 - "$results" "$n" "$bytes" "$release_s" "$rcode" "$release_kb" "$ram_s" "$ram_code" "$ram_kb" "$mem_validate" "$mem_floor" "$mem_faulty" "$mem_ajv" "$mem_cjs" "$mem_rules" >>"$report" <<'EOF'
import json, sys
results, n, size, release_s, rcode, release_kb, ram_s, ram_code, ram_kb, *mem = sys.argv[1:]
n, size, release_s, rcode = int(n), int(size), float(release_s), int(rcode)
ram_s, ram_code = float(ram_s), int(ram_code)
mean = {}
for part in ("anpo", "faulty", "peers"):
    for r in json.load(open(f"{results}/{n}-{part}.json"))["results"]:
        mean[r["command"]] = (r["mean"], r["stddev"] or 0.0, len(r["times"]))
v = mean["validate"][0]
mb = size / 1e6
def row(name, secs, sd, runs, kb, note=""):
    return f"| {name} | {secs:.3f} ± {sd:.3f} ({runs}) | {secs / v:.2f}× | {float(kb) / 1024:.0f} MiB ({float(kb) * 1024 / size:.2f}× input) | {note} |"
print(f"### {n:,} records, {mb:.1f} MB in data files\n")
print("| command | wall s, mean ± sd (runs) | vs validate | peak memory | note |")
print("| --- | --- | --- | --- | --- |")
per = v / n * 1e6
print(row("validate", *mean["validate"], mem[0], f"{per:.2f} µs/record"))
print(row("floor (parse into Value)", *mean["floor"], mem[1], f"validate = {v / mean['floor'][0]:.2f}× floor"))
print(row("validate, 1% schema faults", *mean["faulty-schema"], mem[2], f"{mean['faulty-schema'][0] / v:.2f}× valid run"))
print(row("validate, 1% rule faults", *mean["faulty-rules"], mem[5], f"{mean['faulty-rules'][0] / v:.2f}× valid run"))
print(row("ajv-cli", *mean["ajv"], mem[3], f"anpo {mean['ajv'][0] / v:.1f}× faster"))
print(row("check-jsonschema", *mean["check-jsonschema"], mem[4], f"anpo {mean['check-jsonschema'][0] / v:.1f}× faster"))
note = f"{release_s / v:.1f}× validate" if rcode == 0 else f"exit {rcode}{' (timed out)' if rcode == 124 else ''}"
print(row("release (once)", release_s, 0.0, 1, release_kb, note))
if ram_code >= 0:
    note = f"{ram_s / v:.1f}× validate" if ram_code == 0 else f"exit {ram_code}"
    print(row("release into tmpfs (once)", ram_s, 0.0, 1, ram_kb, note))
print()
json.dump({"records": n, "bytes": size, "validate": v}, open(f"{results}/{n}-summary.json", "w"))
EOF
done

python3 - "$results" $sizes >>"$report" <<'EOF'
import json, os, sys
results, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
have = [json.load(open(f"{results}/{n}-summary.json")) for n in sizes if os.path.exists(f"{results}/{n}-summary.json")]
if len(have) >= 2:
    first, last = have[0], have[-1]
    a, b = first["validate"] / first["records"], last["validate"] / last["records"]
    print(f"Linearity: {b * 1e6:.2f} µs/record at {last['records']:,} records, {a * 1e6:.2f} at {first['records']:,}: {b / a:.2f}×\n")
EOF

# Human output at scale: one 64 KB line with 32 000 errors (a minified file), in every
# format. Each error is drawn as a window around its mark, so the default format costs
# about what JSON costs, not errors × line length (issue 10).
python3 -c "print('{\"events\":[' + ','.join(['1'] * 32000) + ']}')" >"$tmp/one-line.json"
hyperfine --style basic --runs "$runs" -N -i --export-json "$results/one-line.json" \
  -n human "$anpo validate $tmp/one-line.json" \
  -n json "$anpo validate --format json $tmp/one-line.json" \
  -n github "$anpo validate --format github $tmp/one-line.json" >&2
python3 - "$results/one-line.json" >>"$report" <<'EOF'
import json, sys
print("### One line of 64 KB with 32,000 errors\n")
print("| format | wall s, mean ± sd (runs) |")
print("| --- | --- |")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['mean']:.3f} ± {r['stddev'] or 0.0:.3f} ({len(r['times'])}) |")
print()
EOF

cat "$report"
echo "report saved in $report" >&2
