#!/usr/bin/env bash
# Drive `openspec tui` in a real terminal (tmux) as a person would: start it, send keys, capture the screen.
#
# usage: scripts/tui_tmux.sh [OUT_DIR]     (default OUT_DIR: benchmarks/.work/tmux)
#
# Runs on a copy of the TUI tests' fixture workspace (tests/fixtures/tui-workspace: our openspec/, frozen), so
# the expected texts hold; nothing in the repository is written. Each step's screen is printed and saved as
# OUT_DIR/NN-step.txt. Environment: OPENSPEC (the command, default .venv/bin/openspec), COLS x ROWS (default
# 100 x 30; run it at 120 35 and 80 24 too), SESSION (tmux session name). Exits non-zero when a screen lacks
# what the step expects. Needs tmux (apt-get install -y tmux).
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
step kanban-filter-typed "Draft 0" 2 / w e a t h q 1 2 3 4 e o r u
if [ -e "$WS/editor.log" ]; then echo "=== kanban-filter-typed: the e typed into the filter ran the editor" >&2; FAILED=1; fi
step kanban-filter-cleared "Draft 5" Escape
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
step back-to-dashboard "Progress" Escape
step kanban "In progress 2" 2
step specs "Δ documentation" 3
step spec-expanded "Scenario:" Enter Space
step decision "Recommended path A Quick Win" 4
step weight-impact-up "B Quality Focus 0.642" Down Down Right Right
step compare "Effort" v
step compare-next-path "D Enterprise Ready" Right
step topsis "distance to the ideal" m p
step help "Keys: Decision" "?"
step back "Recommended path" Escape
tmux send-keys -t "$SESSION" q
for _ in $(seq 1 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || break
    sleep 0.1
done
if tmux has-session -t "$SESSION" 2>/dev/null; then
    echo "=== q did not quit" >&2
    FAILED=1
else
    echo "=== q quit the TUI"
fi
echo "captures in $OUT"
exit "$FAILED"
