#!/usr/bin/env bash
# Drive `openspec tui` in a real terminal (tmux) as a person would: start it, send keys, capture the screen.
#
# usage: scripts/tui_tmux.sh [OUT_DIR]     (default OUT_DIR: benchmarks/.work/tmux)
#
# Runs on a copy of the TUI tests' fixture workspace (tests/fixtures/tui-workspace: our openspec/, frozen), so
# the expected texts hold; nothing in the repository is written. The writes are driven too (Space ticks a task
# and a parent, A previews and archives, N creates a change, g and s change and save a score and a weight, i starts
# a decision file, q with a weight not saved asks and d discards it) and the files checked on the copy. Each
# step's screen is printed and saved as OUT_DIR/NN-step.txt. Environment: OPENSPEC (the command, default
# .venv/bin/openspec), COLS x ROWS (default 100 x 30; run it at 120 35 and 80 24 too), SESSION (tmux session
# name). Exits non-zero when a screen lacks what the step expects. Needs tmux (apt-get install -y tmux).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$REPO/benchmarks/.work/tmux}"
OPENSPEC="${OPENSPEC:-$REPO/.venv/bin/openspec}"
COLS="${COLS:-100}"
ROWS="${ROWS:-30}"
SESSION="${SESSION:-openspec-tui-$$}"

command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install -y tmux)" >&2; exit 2; }
WS="$(mktemp -d)"
cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WS"; }
trap cleanup EXIT
cp -r "$REPO/tests/fixtures/tui-workspace/openspec" "$WS/openspec"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt
# The "editor" for the `e` step (given as OPENSPEC_EDITOR with {line} and {file}): adds a done task to the
# file it is given and says where it was opened.
cat > "$WS/editor.sh" <<'SH'
#!/bin/sh
for arg in "$@"; do file="$arg"; done
printf -- '- [x] 9.9 Added from $EDITOR in the tmux run\n' >> "$file"
echo "editor got: $*" > "$(dirname "$0")/editor.log"
SH
chmod +x "$WS/editor.sh"

tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "cd '$WS' && TERM=xterm-256color OPENSPEC_EDITOR='$WS/editor.sh +{line} {file}' '$OPENSPEC' tui"
STEP=0
FAILED=0

screen() { tmux capture-pane -p -t "$SESSION"; }

# wait_for TEXT: poll the screen (up to 10 s) until TEXT shows
wait_for() {
    for _ in $(seq 1 100); do
        if screen | grep -qF -- "$1"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# absent NAME TEXT: fail when the current screen shows TEXT
absent() {
    if screen | grep -qF -- "$2"; then
        echo "=== $1: UNEXPECTED \"$2\"" >&2
        FAILED=1
    fi
}

# step NAME EXPECTED KEYS...: send the keys, wait for EXPECTED, save and print the screen
step() {
    local name="$1" expected="$2"
    shift 2
    local key
    for key in "$@"; do  # one at a time, at a person's pace
        tmux send-keys -t "$SESSION" "$key"
        sleep 0.15
    done
    STEP=$((STEP + 1))
    local file
    file="$(printf '%s/%02d-%s.txt' "$OUT" "$STEP" "$name")"
    if wait_for "$expected"; then
        sleep 0.6  # let the screen settle (workers, the full decision run)
        echo "=== $STEP. $name: found \"$expected\""
    else
        echo "=== $STEP. $name: MISSING \"$expected\"" >&2
        FAILED=1
    fi
    screen | tee "$file"
}

step dashboard "phase2-option1-expand-docs"
step by-name "sorted by name" o
# Every text field keeps its keys: "weath" and the other bindings typed into the kanban filter stay text
step kanban-filter-typed "No tasks 0" 2 / w e a t h q 1 2 3 4 e o r u N A
if [ -e "$WS/editor.log" ]; then echo "=== kanban-filter-typed: the e typed into the filter ran the editor" >&2; FAILED=1; fi
step kanban-filter-cleared "In progress 6" Escape
step filter-by-task-text "task 3.4" 1 / h e l p e r
step filter-kept-then-cleared "Progress" Enter Escape
step change-detail "Change phase2-option3-feature-development" Home Down Down Enter
# The first tab scrolls at once (focus is in the document, not on the tab bar)
step proposal-scrolled "What Changes" PageDown
step search-in-change "hits: Proposal" / p a l e t t e
step search-jump "hit 1 of 9" Enter
step search-next "hit 2 of 9" n
step search-cleared "Change phase2-option3" Escape
absent search-cleared "hit 2 of 9"
step change-tasks "ready" "["
step edit-tasks "1/56 tasks" n e
echo "=== $(cat "$WS/editor.log")"
# Space ticks the task under the cursor (1.1, the first ready one) in tasks.md, and again unticks it
TASKS="$WS/openspec/changes/phase2-option3-feature-development/tasks.md"
step tick-task "2/56 tasks done" Space
grep -qF -- "- [x] 1.1 Record the performance baseline" "$TASKS" || { echo "=== tick-task: 1.1 not ticked in tasks.md" >&2; FAILED=1; }
step untick-task "1/56 tasks done" Space
grep -qF -- "- [ ] 1.1 Record the performance baseline" "$TASKS" || { echo "=== untick-task: 1.1 not unticked" >&2; FAILED=1; }
# A parent (2.2, the 8th line of the tree) is ticked with its subtasks, after a question; n writes nothing
step tick-parent-asks "It has 3 open subtask(s): 2.2.1, 2.2.2, 2.2.3" Home Down Down Down Down Down Down Down Space
step tick-parent-cancelled "Nothing written." n
step tick-parent-with-subtasks "5/56 tasks done" Space y
step untick-parent-asks "Untick 2.2 and its subtasks?" Space
step untick-parent "1/56 tasks done" y
# A on the change screen: what archive would move and which specs change; n writes nothing
step archive-preview "+ ADDED" A
absent archive-preview "Cannot archive"
step archive-cancelled "Nothing written." n
if [ -e "$WS/openspec/changes/archive" ]; then echo "=== archive-cancelled: changes/archive/ was created" >&2; FAILED=1; fi
step back-to-dashboard "Progress" Escape
step kanban "In progress 6" 2
# N: a new change, its id checked as typed with the reference's rules, then created and opened
step new-change-form "New change" N
step new-change-bad-id "Change name must be lowercase" B a d
step new-change-created "Change try-it" BSpace BSpace BSpace t r y - i t Enter t m u x Enter
[ -f "$WS/openspec/changes/try-it/README.md" ] && [ -f "$WS/openspec/changes/try-it/.openspec.yaml" ] \
    || { echo "=== new-change-created: openspec/changes/try-it is not what new change makes" >&2; FAILED=1; }
# A on its kanban card (the first column: no tasks): archived, as `openspec archive try-it --yes`
step kanban-archive-preview "Archive try-it?" Escape 2 Left A
step kanban-archived "archived as" y
ls -d "$WS"/openspec/changes/archive/*-try-it >/dev/null 2>&1 || { echo "=== kanban-archived: try-it not in changes/archive/" >&2; FAILED=1; }
step specs "Δ documentation" 3
step spec-expanded "Scenario:" Enter Space
step decision "Recommended path A Quick Win" 4
step weight-impact-up "B Quality Focus 0.642" Down Down Right Right
step compare "Effort" v
step compare-next-path "D Enterprise Ready" Right
step topsis "distance to the ideal" m p
step help "Keys: Decision" "?"
step back "Recommended path" Escape
# g: the scores of the option selected in the options table; Left lowers its risk by 1; s saves weight and score
DECISION="$WS/openspec/decisions/phase-2.yaml"
step scores "Scores · Option" g
step score-changed "1 weight and 1 score changed, not saved" Down Left
step saved "Saved" s
CHANGED="$(diff "$REPO/tests/fixtures/tui-workspace/openspec/decisions/phase-2.yaml" "$DECISION" | grep -c '^>' || true)"
[ "$CHANGED" = 2 ] && grep -qF "    weight: 0.4         # no source" "$DECISION" \
    || { echo "=== saved: expected 2 lines changed in place (the impact weight, one score), got $CHANGED" >&2; FAILED=1; }
absent saved "not saved"
# Without a decision file: i previews what `openspec decide init` writes, y writes it, the screen shows it
rm "$DECISION"
step no-decision "No decision file" r
step init-preview "Writes openspec/decisions/phase2.yaml" i
[ ! -e "$WS/openspec/decisions/phase2.yaml" ] || { echo "=== init-preview: written before Write" >&2; FAILED=1; }
step init-written "ranked without Impact, Risk" y
head -1 "$WS/openspec/decisions/phase2.yaml" | grep -qF "written by \`openspec decide init\`" \
    || { echo "=== init-written: openspec/decisions/phase2.yaml is not decide init's" >&2; FAILED=1; }
# q with a weight changed and not saved asks first: c stays (the value kept), then d quits without writing
NEW_SUM="$(cksum < "$WS/openspec/decisions/phase2.yaml")"
step unsaved-quit-asks "Save the weights and scores changed here?" w Right q
step unsaved-cancelled "1 weight changed, not saved" c
absent unsaved-cancelled "Save the weights and scores changed here?"
tmux send-keys -t "$SESSION" q
sleep 0.5
tmux send-keys -t "$SESSION" d
for _ in $(seq 1 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || break
    sleep 0.1
done
if tmux has-session -t "$SESSION" 2>/dev/null; then
    echo "=== q, then d, did not quit" >&2
    FAILED=1
else
    echo "=== q, then d (discard), quit the TUI"
fi
[ "$(cksum < "$WS/openspec/decisions/phase2.yaml")" = "$NEW_SUM" ] \
    || { echo "=== discarded: openspec/decisions/phase2.yaml was written" >&2; FAILED=1; }
echo "captures in $OUT"
exit "$FAILED"
