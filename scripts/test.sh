#!/usr/bin/env bash
# Builds certflow and runs the whole test suite: unit tests (release and ASan+UBSan), the
# integration tests with the real aws CLI and boto3 (both client generations), fuzz smoke runs
# and the source checks. Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# ccache hits across clones and folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
./scripts/install-deps.sh || exit 1
JOBS=$(nproc)
FUZZ_SECONDS=${CERTFLOW_FUZZ_SECONDS:-10}
passed=0
failed=0
failures=()

step() { echo; echo "=== $*"; }
count_ctest() {  # $1: label, $2: build dir
  local log; log=$(mktemp)
  ctest --test-dir "$2" --output-on-failure -j"$JOBS" 2>&1 | tee "$log"
  local total fails
  total=$(grep -oE "tests? failed out of [0-9]+" "$log" | grep -oE "[0-9]+$" | tail -1)
  fails=$(grep -oE "[0-9]+ tests? failed out of" "$log" | grep -oE "^[0-9]+" | tail -1)
  total=${total:-0}; fails=${fails:-0}
  if [ "$total" -eq 0 ]; then fails=1; failures+=("$1: no tests ran"); fi
  passed=$((passed + total - fails)); failed=$((failed + fails))
  [ "$fails" -eq 0 ] || failures+=("$1: $fails failed")
}
fail_step() { failed=$((failed + 1)); failures+=("$1"); }

step "source checks"
if grep -rnE "system_clock::now|sleep_for|sleep_until" src --include=*.cc --include=*.h | grep -v "src/core/clock.cc"; then
  fail_step "real time used outside src/core/clock.cc"
else passed=$((passed + 1)); fi
if find src tests fuzz bench -name '*.cc' -o -name '*.h' | xargs clang-format --dry-run -Werror 2>/tmp/cf.log; then
  passed=$((passed + 1))
else cat /tmp/cf.log | head -20; fail_step "clang-format: files not formatted"; fi

step "release build"
cmake --preset release >/dev/null && cmake --build --preset release -j"$JOBS" || { echo "release build failed"; echo "tests: $passed passed, $((failed + 1)) failed"; exit 1; }
step "unit tests (release)"
count_ctest "unit tests (release)" build/release

step "sanitizer build (clang, ASan+UBSan): unit tests and fuzz targets"
# One clang build serves both: the unit tests run under ASan+UBSan, the fuzzers link libFuzzer.
if [ -f build/debug/CMakeCache.txt ] && ! grep -q "CMAKE_CXX_COMPILER:.*clang" build/debug/CMakeCache.txt; then
  rm -rf build/debug
fi
sanitizer_ok=0
if cmake --preset debug >/dev/null && cmake --build --preset debug -j"$JOBS"; then
  sanitizer_ok=1
  step "unit tests (ASan+UBSan)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    count_ctest "unit tests (ASan+UBSan)" build/debug
else fail_step "sanitizer build"; fi

# The two client generations run side by side: each pass mostly waits on daemons and CLIs, so
# together they take little longer than one. Each has its own log, shown after both finish.
run_integration() {  # $1: python, $2: aws CLI, $3: log file
  CERTFLOW_BIN="$ROOT/build/release/src/cli/certflow" CERTFLOW_AWS_CLI="$2" \
    "$1" tests/integration/run.py >"$3" 2>&1
}
count_integration() {  # $1: log file, $2: label
  step "integration tests: $2"
  cat "$1"
  local line; line=$(grep -E "^integration: [0-9]+ passed, [0-9]+ failed" "$1" | tail -1)
  if [ -z "$line" ]; then fail_step "integration ($2): did not finish"; return; fi
  local p f; p=$(echo "$line" | grep -oE "[0-9]+ passed" | grep -oE "[0-9]+"); f=$(echo "$line" | grep -oE "[0-9]+ failed" | grep -oE "[0-9]+")
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ] || failures+=("integration ($2): $f failed")
}
debian_log=$(mktemp); image_log=$(mktemp)
run_integration /usr/bin/python3 /usr/bin/aws "$debian_log" &
debian_pid=$!
PYENV_PY="$HOME/.pyenv/shims/python3"; PYENV_AWS="$HOME/.pyenv/shims/aws"
image_pid=""
if [ -x "$PYENV_PY" ] && "$PYENV_PY" -c "import boto3" 2>/dev/null && [ -x "$PYENV_AWS" ]; then
  run_integration "$PYENV_PY" "$PYENV_AWS" "$image_log" &
  image_pid=$!
fi
wait "$debian_pid" || true
count_integration "$debian_log" "Debian boto3 1.26 + aws-cli v2"
if [ -n "$image_pid" ]; then
  wait "$image_pid" || true
  count_integration "$image_log" "image boto3 1.43 + aws-cli v1"
else
  echo "note: the image's pyenv Python with boto3 1.43 / aws-cli v1 is not on this machine; only Debian's clients were tested"
fi

step "fuzz targets (clang, ${FUZZ_SECONDS}s each)"
# Seeds holding private keys are made here rather than committed.
make_pem_seeds() {
  local dir=build/fuzz/generated-seeds/pem_fuzzer
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  mkdir -p "$dir"
  local tmp; tmp=$(mktemp -d)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tmp/k.pem" \
    -out "$tmp/c.pem" -days 3650 -subj /CN=seed.example.com -addext subjectAltName=DNS:seed.example.com 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/rk.pem" -out "$tmp/rc.pem" -days 3650 \
    -subj /CN=rsa.example.com 2>/dev/null
  { cat "$tmp/c.pem"; printf '\n==certflow==\n'; cat "$tmp/k.pem"; } > "$dir/ec_self_signed"
  { cat "$tmp/rc.pem"; printf '\n==certflow==\n'; cat "$tmp/rk.pem"; printf '\n==certflow==\n'; cat "$tmp/c.pem"; } > "$dir/rsa_with_chain"
  openssl x509 -in "$tmp/c.pem" -outform der -out "$dir/der_certificate"
  rm -rf "$tmp"
}
if [ "$sanitizer_ok" -eq 1 ]; then
  make_pem_seeds
  for fuzzer in build/debug/fuzz/*_fuzzer; do
    name=$(basename "$fuzzer")
    corpus="build/fuzz/corpus/$name"; mkdir -p "$corpus"
    seeds=()
    for d in "fuzz/seeds/$name" "build/fuzz/generated-seeds/$name"; do [ -d "$d" ] && seeds+=("$d"); done
    if "$fuzzer" -max_total_time="$FUZZ_SECONDS" -entropic=0 -print_final_stats=0 "$corpus" "${seeds[@]}" >"build/fuzz/$name.log" 2>&1; then
      echo "fuzz $name: ok"; passed=$((passed + 1))
    else
      tail -30 "build/fuzz/$name.log"; fail_step "fuzz $name found a crash"
    fi
  done
else fail_step "fuzz targets not built (sanitizer build failed)"; fi

echo
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
