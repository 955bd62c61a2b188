#!/usr/bin/env bash
# Mutation testing of the modules a change touches: bash scripts/mutation.sh MODULE... (files or
# folders of pipeline/, e.g. pipeline/versions/lock.py pipeline/corrections/). mutmut changes one spot of a
# module at a time (a comparison, a constant, an argument...) and runs the tests that target it;
# a mutant no test kills is a behaviour no test checks. The tests run are those that name a module
# given (its dotted name, in an import or a string), or TESTS="tests/a.py tests/b.py" when set;
# PYTEST_ARGS adds options to each run (e.g. -k), MUTANTS="pipeline.versions.lock.x_acquire*" takes only
# the mutants of those names (a function's mutants are named pipeline.module.x_function__mutmut_N).
# Runs in a throwaway copy of the working tree (uncommitted changes included), so nothing is left
# here; prints the score and every surviving mutant's diff. Needs the `mutation` extra
# (`.venv/bin/pip install -e '.[test,mutation]'`). On 2 cores a module of ~200 lines takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    echo "usage: bash scripts/mutation.sh MODULE... (files or folders of pipeline/)" >&2
    exit 2
fi
repo=$(pwd)
mutmut="$repo/.venv/bin/mutmut"
[ -x "$mutmut" ] || { echo "scripts/mutation.sh: no mutmut in .venv: .venv/bin/pip install -e '.[test,mutation]'" >&2; exit 2; }

modules=() names=()
for module in "$@"; do
    module=${module%/}
    [ -e "$module" ] || { echo "scripts/mutation.sh: no such module: $module" >&2; exit 2; }
    if [ -d "$module" ]; then modules+=("$module/*"); else modules+=("$module"); fi
    dotted=${module%.py}; dotted=${dotted%/__init__}
    names+=("${dotted//\//.}")
done
if [ -n "${TESTS:-}" ]; then
    read -r -a tests <<< "$TESTS"
else
    pattern=$(printf '%s\\b|' "${names[@]//./\\.}"); pattern=${pattern%|}
    mapfile -t tests < <(grep -rlE --include="test_*.py" "$pattern" tests | sort)
fi
[ ${#tests[@]} -gt 0 ] || { echo "scripts/mutation.sh: no test names ${names[*]}: give them in TESTS" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work" 2>/dev/null || true
{
    echo "[mutmut]"
    echo "source_paths=pipeline"
    echo "also_copy="; git ls-files | cut -d/ -f1 | sort -u | grep -vxE 'pipeline|tests' | sed 's/^/    /'
    echo "only_mutate="; printf '    %s\n' "${modules[@]}"
    echo "pytest_add_cli_args_test_selection="; printf '    %s\n' "${tests[@]}"
    echo "pytest_add_cli_args="; printf '    %s\n' -m "not slow" -p no:cacheprovider -x -q ${PYTEST_ARGS:-}
} > "$work/setup.cfg"
echo "mutating ${modules[*]} against ${#tests[@]} test modules: ${tests[*]}" >&2
cd "$work"
export HYPOTHESIS_PROFILE=ci
# mutmut runs for a mutant only the tests that called its function in-process; most of this
# project's tests run the CLI in a subprocess (which runs the mutant too: the mutant's name is in
# its environment), so after collecting its stats every function is given every selected test.
"$mutmut" run "none-such-mutant" > mutmut-run.log 2>&1 || true  # stats only: no mutant has that name
[ -f mutants/mutmut-stats.json ] || { tail -40 mutmut-run.log >&2; exit 1; }
"$repo/.venv/bin/python" - <<'PY'
import json
from pathlib import Path

stats = json.loads(Path("mutants/mutmut-stats.json").read_text())
tests = sorted(stats["duration_by_test"])
for meta in Path("mutants").rglob("*.py.meta"):
    for key in json.loads(meta.read_text())["exit_code_by_key"]:
        stats["tests_by_mangled_function_name"][key.rsplit("__mutmut_", 1)[0]] = tests
Path("mutants/mutmut-stats.json").write_text(json.dumps(stats))
PY
read -r -a only <<< "${MUTANTS:-}"
"$mutmut" run --max-children "${MUTATION_JOBS:-2}" "${only[@]}" >> mutmut-run.log 2>&1 || { tail -40 mutmut-run.log >&2; exit 1; }
"$mutmut" results --all true > results.txt 2>&1 || "$mutmut" results > results.txt 2>&1
killed=$(grep -c ': killed$' results.txt || true)
survived=$(grep -c ': survived$' results.txt || true)
other=$(grep -vcE ': (killed|survived)$' results.txt || true)
echo "killed $killed, survived $survived, other (no tests, timeout, suspicious) $other"
awk '$2 == "survived" {sub(":$", "", $1); print $1}' results.txt | while read -r mutant; do
    "$mutmut" show "$mutant"
done
grep -vE ': (killed|survived)$' results.txt || true
