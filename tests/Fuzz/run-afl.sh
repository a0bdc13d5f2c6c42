#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ and SharpFuzz (docs/security.md, "Fuzzing").
#   tests/Fuzz/run-afl.sh TARGET SECONDS      TARGET: frame | hello | payload | directory | command | ratchet | relay
# Installs what is missing (Debian's afl++, the SharpFuzz.CommandLine dotnet tool), publishes
# tests/Fuzz, instruments the project's assemblies, runs afl-fuzz for SECONDS from the committed
# seed corpus, then prints the figures and replays every crash and hang it saved.
# Work folder: $FUZZ_WORK (default /tmp/encryptio-fuzz); findings in $FUZZ_WORK/findings/TARGET.
set -euo pipefail
target="${1:?usage: run-afl.sh TARGET SECONDS}"
seconds="${2:?usage: run-afl.sh TARGET SECONDS}"
case "$target" in frame|hello|payload|directory|command|ratchet|relay) ;; *) echo "unknown target '$target'" >&2; exit 2;; esac

here="$(cd "$(dirname "$0")" && pwd)"
work="${FUZZ_WORK:-/tmp/encryptio-fuzz}"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PATH="$PATH:$HOME/.dotnet/tools"

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# One build for every target; two targets started together wait for each other here.
bin="$work/bin-$target"
plain="$work/plain-$target"
(
  flock 9
  rm -rf "$work/publish"
  dotnet publish "$here/Encryptio.Fuzz.csproj" -c Release -o "$work/publish" -v q -nologo >/dev/null
  # Replays use an uninstrumented copy: instrumented code needs afl-fuzz's coverage map.
  rm -rf "$plain" && cp -r "$work/publish" "$plain"
  # Only the project's own code is instrumented: the harness, the BCL and the packages are not.
  for dll in Encryptio.Messages.dll Encryptio.Peer.Actors.dll encryptio.dll; do
    sharpfuzz "$work/publish/$dll" >/dev/null
  done
  rm -rf "$bin" && cp -r "$work/publish" "$bin"
) 9>"$work/build.lock"

findings="$work/findings/$target"
rm -rf "$findings" && mkdir -p "$work/findings"
dict=()
[ -f "$here/dict/$target.dict" ] && dict=(-x "$here/dict/$target.dict")

echo "afl-fuzz: target $target for ${seconds}s, corpus $here/corpus/$target, findings $findings"
# -m none: the .NET runtime reserves far more address space than AFL's default limit.
# -t 2000: one execution over 2 s (after the warm-up) is saved as a hang.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 \
  afl-fuzz -V "$seconds" -i "$here/corpus/$target" -o "$findings" -t 2000 -m none "${dict[@]}" \
  -- dotnet "$bin/Encryptio.Fuzz.dll" "$target" >"$work/afl-$target.log" 2>&1 || {
    echo "afl-fuzz failed; the end of its log:" >&2; tail -30 "$work/afl-$target.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
get() { sed -n "s/^$1 *: *//p" "$stats"; }
execs=$(get execs_done); run=$(get run_time); crashes=$(get saved_crashes); hangs=$(get saved_hangs)
echo "target=$target execs=$execs seconds=$run execs_per_sec=$(( execs / (run > 0 ? run : 1) )) paths=$(get corpus_count) edges=$(get edges_found) crashes=$crashes hangs=$hangs"

status=0
for kind in crashes hangs; do
  shopt -s nullglob
  files=("$findings/default/$kind"/id*)
  if [ "${#files[@]}" -gt 0 ]; then
    echo "--- replaying ${#files[@]} saved $kind"
    dotnet "$plain/Encryptio.Fuzz.dll" replay "$target" "${files[@]}" || status=1
    status=1
  fi
done
exit "$status"
