#!/usr/bin/env bash
# The hooks as published, tried for real: `pre-commit try-repo` on a copy of the data
# with a planted fault must fail and name the fault's place; on clean data it must pass.
# Usage: bash tests/conformance/precommit.sh PRE_COMMIT WORKDIR
set -euo pipefail
pre_commit="$1"
work="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$work"
mkdir -p "$work"
cp -r "$root/data" "$work/data"
cd "$work"
git init --quiet
git -c user.name=t -c user.email=t@example.org add data
git -c user.name=t -c user.email=t@example.org commit --quiet -m data
start=$(date +%s)
"$pre_commit" try-repo "$root" anpo-validate --files data/events.json > clean.log 2>&1 || {
  cat clean.log
  echo "precommit: the hook failed on clean data"
  exit 1
}
echo "precommit: clean data/events.json passes (first run, building the hook: $(( $(date +%s) - start )) s)"
sed -i 's/"condoleezza-rice"/"condoleeza-rice"/' data/events.json
if "$pre_commit" try-repo "$root" anpo-validate --files data/events.json > planted.log 2>&1; then
  cat planted.log
  echo "precommit: the hook passed with a planted fault"
  exit 1
fi
grep -E "error\[R202\]|--> data/events.json:[0-9]+:[0-9]+" planted.log | head -3 | sed 's/^/precommit: /'
grep -q -- "--> data/events.json:" planted.log || { cat planted.log; echo "precommit: no location"; exit 1; }
echo "precommit: a planted fault in data/events.json fails the hook, located"
