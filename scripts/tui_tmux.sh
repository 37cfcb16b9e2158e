#!/usr/bin/env bash
# Drive `openspec tui` in a real terminal (tmux) as a person would: start it, send keys, capture the screen.
#
# usage: scripts/tui_tmux.sh [OUT_DIR]     (default OUT_DIR: benchmarks/.work/tmux)
#
# Runs on a copy of the repository's openspec/ (nothing in the repository is written). Each step's screen is
# printed and saved as OUT_DIR/NN-step.txt. Environment: OPENSPEC (the command, default .venv/bin/openspec),
# COLS x ROWS (default 100 x 30), SESSION (tmux session name). Exits non-zero when a screen lacks what the
# step expects. Needs tmux (apt-get install -y tmux).
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
cp -r "$REPO/openspec" "$WS/openspec"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt
# The "editor" for the `e` step: adds a done task to the file it is given (and says where it was opened).
cat > "$WS/editor.sh" <<'SH'
#!/bin/sh
for arg in "$@"; do file="$arg"; done
printf -- '- [x] 9.9 Added from $EDITOR in the tmux run\n' >> "$file"
echo "editor got: $*" > "$(dirname "$0")/editor.log"
SH
chmod +x "$WS/editor.sh"

tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "cd '$WS' && TERM=xterm-256color EDITOR='$WS/editor.sh' '$OPENSPEC' tui"
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
step change-detail "Change phase2-option3-feature-development" Home Down Down Enter
step change-tasks "ready" "["
step edit-tasks "1/56 tasks" e
echo "=== $(cat "$WS/editor.log")"
step back-to-dashboard "Last modified" Escape
step kanban "In progress 2" 2
step specs "Δ documentation" 3
step spec-expanded "Scenario:" Enter Space
step decision "Recommended path A Quick Win" 4
step weight-impact-up "B Quality Focus 0.642" Down Down Right Right
step compare "Includes" v
step help "Keys: Decision" "?"
step back "Recommended path B" Escape
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
