"""History from real temporary git repositories with fixed commit dates: burn-ups, lines of content, notes."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from openspec_tool.history.burnup import METHOD_SPAN, METHOD_WINDOW, burnup
from openspec_tool.history.git_history import collect_history
from openspec_tool.history.lines import line_count
from openspec_tool.model.history import BurnPoint, History

CHANGES = "openspec/changes"


def _env(when: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return env


def git(repo: Path, *args: str, when: str | None = None) -> str:
    cmd = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(cmd, cwd=repo, env=_env(when), check=True, capture_output=True, text=True).stdout.strip()


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def commit(repo: Path, when: str, message: str = "c") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


def tasks(done: int, total: int) -> str:
    return "## 1. Work\n" + "".join(f"- [{'x' if i < done else ' '}] 1.{i + 1} task\n" for i in range(total))


def lines(n: int, title: str = "# Doc") -> str:
    return title + "\n" + "".join(f"line {i}\n" for i in range(n - 1))


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def collect(root: Path, ids: list[str], since: str | None = None) -> History:
    return collect_history(root, root, ids, since)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """alpha: 10 tasks checked off over five weeks; beta: 4 tasks over five days; done-all: complete.

    Lines: alpha has proposal 5 + tasks 11 + spec 4 = 20 lines at its first commit.
    """
    repo = init(tmp_path / "repo")
    shas: dict[str, str] = {}
    a = f"{CHANGES}/alpha"
    write(repo, f"{a}/proposal.md", lines(5))
    write(repo, f"{a}/tasks.md", tasks(0, 10))
    write(repo, f"{a}/specs/cap/spec.md", lines(4))
    write(repo, f"{a}/notes.txt", "not content\n" * 50)
    write(repo, "README.md", "outside\n")
    shas["a0"] = commit(repo, "2025-09-01T10:00:00+00:00")
    write(repo, f"{a}/tasks.md", tasks(2, 10))
    shas["a1"] = commit(repo, "2025-09-08T10:00:00+00:00")
    git(repo, "tag", "v1")
    write(repo, f"{a}/proposal.md", lines(9))  # +4 lines, not a burn-up point
    shas["a1b"] = commit(repo, "2025-09-10T10:00:00+00:00")
    write(repo, f"{a}/tasks.md", tasks(5, 10))
    # 23:00 UTC on the 14th is the 15th in the committer's zone: points use the committer's date.
    shas["a2"] = commit(repo, "2025-09-15T01:00:00+02:00")
    write(repo, f"{a}/tasks.md", tasks(6, 10))
    write(repo, f"{a}/design.md", lines(6))
    shas["a3"] = commit(repo, "2025-09-22T10:00:00+00:00")
    b = f"{CHANGES}/beta"
    write(repo, f"{b}/proposal.md", lines(3))
    write(repo, f"{b}/tasks.md", tasks(0, 4))
    shas["b0"] = commit(repo, "2025-10-01T09:00:00+00:00")
    write(repo, f"{b}/tasks.md", tasks(1, 4))
    shas["b1"] = commit(repo, "2025-10-03T09:00:00+00:00")
    write(repo, f"{a}/tasks.md", tasks(8, 10))
    write(repo, f"{a}/specs/cap/spec.md", lines(10))
    shas["a4"] = commit(repo, "2025-10-06T10:00:00+00:00")
    write(repo, f"{b}/tasks.md", tasks(2, 4))
    shas["b2"] = commit(repo, "2025-10-06T11:00:00+00:00")
    d = f"{CHANGES}/done-all"
    write(repo, f"{d}/tasks.md", tasks(3, 3))
    shas["d0"] = commit(repo, "2025-10-07T10:00:00+00:00")
    return repo, shas


IDS = ["alpha", "beta", "done-all"]


def test_burnup_points_velocity_and_forecast(project: tuple[Path, dict[str, str]]) -> None:
    repo, shas = project
    h = collect(repo, IDS)
    by = {b.change: b for b in h.burnups}
    alpha = by["alpha"]
    assert [(p.commit, p.date, p.done, p.total) for p in alpha.points] == [
        (shas["a0"], "2025-09-01", 0, 10),
        (shas["a1"], "2025-09-08", 2, 10),
        (shas["a2"], "2025-09-15", 5, 10),
        (shas["a3"], "2025-09-22", 6, 10),
        (shas["a4"], "2025-10-06", 8, 10),
    ]
    # Last point 10-06; 28 days before is 09-08, where 2 were done: (8 - 2) / 4 = 1.5 a week.
    # 2 open ÷ 1.5 = 9.33 days → 10 → 2025-10-16.
    assert alpha.method == METHOD_WINDOW
    assert alpha.velocity_per_week == 1.5
    assert alpha.forecast == date(2025, 10, 16)
    assert (alpha.done, alpha.total, alpha.open) == (8, 10, 2)

    beta = by["beta"]
    assert [(p.date, p.done, p.total) for p in beta.points] == [("2025-10-01", 0, 4), ("2025-10-03", 1, 4), ("2025-10-06", 2, 4)]
    # Five days of history: 2 done × 7 / 5 = 2.8 a week; 2 open → 2 × 7 / 2.8 = 5 days → 2025-10-11.
    assert beta.method == METHOD_SPAN
    assert beta.velocity_per_week == pytest.approx(2.8)
    assert beta.forecast == date(2025, 10, 11)

    done_all = by["done-all"]
    assert done_all.forecast is None
    assert "done-all: all 3 tasks done, so no forecast" in h.notes
    assert "done-all: no velocity or forecast: all burn-up points are on 2025-10-07" not in h.notes  # completion wins


def test_method_strings_exact() -> None:
    assert METHOD_WINDOW == (
        "velocity = tasks completed in the last 28 days up to the last point ÷ 4; forecast = the last point's date + "
        "open tasks ÷ velocity weeks, rounded up to whole days (not today's date)"
    )
    assert METHOD_SPAN == (
        "velocity = tasks completed from the first to the last point ÷ (days between them ÷ 7), the history being shorter "
        "than 28 days; forecast = the last point's date + open tasks ÷ velocity weeks, "
        "rounded up to whole days (not today's date)"
    )


def test_default_base_is_each_changes_first_commit(project: tuple[Path, dict[str, str]]) -> None:
    repo, shas = project
    h = collect(repo, IDS)
    rows = {r.change: r for r in h.lines}
    # alpha at a0: proposal 5 + tasks 11 + spec 4 = 20; now: proposal 9 + tasks 11 + design 6 + spec 10 = 36.
    a = rows["alpha"]
    assert (a.initial, a.current, a.added, a.growth_pct) == (20, 36, 16, 80.0)
    assert (a.base_commit, a.base_date) == (shas["a0"], "2025-09-01")
    b = rows["beta"]
    assert (b.initial, b.current, b.added, b.growth_pct) == (8, 8, 0, 0.0)
    assert b.base_commit == shas["b0"]
    assert (h.total.initial, h.total.current, h.total.added) == (20 + 8 + 4, 36 + 8 + 4, 16)
    assert h.total.growth_pct == pytest.approx(50.0)
    assert h.base is None and h.since is None
    assert "each change's first commit" in h.lines_method
    assert [n for n in h.notes if "uncommitted" in n or "shallow" in n or "git" in n] == []


def test_since_tag(project: tuple[Path, dict[str, str]]) -> None:
    repo, shas = project
    h = collect(repo, IDS, since="v1")
    assert h.base_commit == shas["a1"] and h.base_date == "2025-09-08"
    assert h.base == f"v1 = {shas['a1'][:12]} (2025-09-08)"
    rows = {r.change: r for r in h.lines}
    # alpha at v1: proposal 5 + tasks 11 + spec 4 = 20 → 36: +16, +80%.
    assert (rows["alpha"].initial, rows["alpha"].current, rows["alpha"].added, rows["alpha"].growth_pct) == (20, 36, 16, 80.0)
    assert rows["alpha"].base_commit == shas["a1"]
    # beta did not exist at v1: all 8 lines are added, no growth %.
    assert (rows["beta"].initial, rows["beta"].current, rows["beta"].added, rows["beta"].growth_pct) == (None, 8, 8, None)
    assert f"change beta did not exist at v1 = {shas['a1'][:12]} (2025-09-08): all its 8 lines are added" in h.notes
    # TOTAL: 20 → 48, +28 (beta 8 and done-all 4 count as added), +140%.
    assert (h.total.initial, h.total.current, h.total.added, h.total.growth_pct) == (20, 48, 28, 140.0)
    assert h.total.current == (h.total.initial or 0) + (h.total.added or 0)


def test_since_sha_and_date(project: tuple[Path, dict[str, str]]) -> None:
    repo, shas = project
    by_sha = collect(repo, IDS, since=shas["a2"][:10])
    assert by_sha.base_commit == shas["a2"]
    assert {r.change: r.initial for r in by_sha.lines}["alpha"] == 9 + 11 + 4
    # The last commit dated on or before 2025-09-12 is a1b (09-10): proposal 9 + tasks 11 + spec 4 = 24 → 36: +12, +50%.
    h = collect(repo, IDS, since="2025-09-12")
    assert h.base_commit == shas["a1b"] and h.base_date == "2025-09-10"
    a = h.lines[0]
    assert (a.change, a.initial, a.current, a.added, a.growth_pct) == ("alpha", 24, 36, 12, 50.0)
    # On the day itself counts ("on or before"), in the committer's zone: a2 is 2025-09-15 at +02:00.
    assert collect(repo, IDS, since="2025-09-15").base_commit == shas["a2"]
    assert collect(repo, IDS, since="2025-09-14").base_commit == shas["a1b"]


def test_since_unresolvable(project: tuple[Path, dict[str, str]]) -> None:
    repo, _ = project
    h = collect(repo, IDS, since="no-such-ref")
    assert "--since 'no-such-ref' is neither a revision nor an ISO date (YYYY-MM-DD): no initial lines" in h.notes
    assert all(r.initial is None and r.added is None and r.growth_pct is None for r in h.lines)
    assert h.total.initial is None and h.total.current == 48
    assert len(h.burnups[0].points) == 5  # burn-ups do not need the base
    early = collect(repo, IDS, since="2020-01-01")
    assert "no commit on HEAD's first-parent line is dated on or before 2020-01-01: no initial lines" in early.notes


def test_uncommitted_edits(project: tuple[Path, dict[str, str]]) -> None:
    repo, _ = project
    a = repo / CHANGES / "alpha"
    (a / "tasks.md").write_text(tasks(9, 11))  # 12 lines
    (a / "design.md").write_text(lines(8))
    stamp = datetime(2025, 10, 20, 12, tzinfo=UTC).timestamp()
    os.utime(a / "tasks.md", (stamp, stamp))
    h = collect(repo, IDS)
    assert any(n.startswith("uncommitted changes under openspec/ (2 paths: ") for n in h.notes)
    row = h.lines[0]
    assert (row.initial, row.current, row.added) == (20, 9 + 12 + 8 + 10, 19)
    alpha = h.burnups[0]
    assert alpha.points[-1] == BurnPoint(None, "2025-10-20", 9, 11)
    assert len(alpha.points) == 6
    assert "alpha: the last burn-up point (2025-10-20) is the working tree's tasks.md: includes uncommitted edits" in h.notes
    # The window now runs from 09-22 (6 done): (9 - 6) / 4 = 0.75 a week; 2 open → 18.67 days → 19 → 2025-11-08.
    assert alpha.velocity_per_week == 0.75
    assert alpha.forecast == date(2025, 11, 8)


def test_change_only_in_working_tree(project: tuple[Path, dict[str, str]]) -> None:
    repo, _ = project
    write(repo, f"{CHANGES}/fresh/proposal.md", lines(7))
    write(repo, f"{CHANGES}/fresh/tasks.md", tasks(1, 2))
    h = collect(repo, [*IDS, "fresh"])
    row = next(r for r in h.lines if r.change == "fresh")
    assert (row.initial, row.current, row.added, row.growth_pct) == (None, 10, None, None)
    assert "change fresh has no commits yet: no initial lines or burn-up history" in h.notes
    assert "the TOTAL row leaves out changes whose initial lines are unknown: fresh" in h.notes
    assert (h.total.initial, h.total.current, h.total.added) == (32, 48, 16)
    fresh = next(b for b in h.burnups if b.change == "fresh")
    assert [(p.commit, p.done, p.total) for p in fresh.points] == [(None, 1, 2)]
    assert fresh.velocity_per_week is None and fresh.forecast is None
    # With a base, the new change's lines are all added.
    since = collect(repo, [*IDS, "fresh"], since="v1")
    assert next(r for r in since.lines if r.change == "fresh").added == 10
    assert "change fresh has no commits yet: no burn-up history" in since.notes


def test_not_a_git_repository(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write(root, f"{CHANGES}/alpha/proposal.md", lines(4))
    write(root, f"{CHANGES}/alpha/tasks.md", tasks(1, 3))
    stamp = datetime(2025, 10, 1, 12, tzinfo=UTC).timestamp()
    os.utime(root / CHANGES / "alpha" / "tasks.md", (stamp, stamp))
    h = collect(root, ["alpha"], since="v1")
    assert (
        h.notes[0]
        == "not a git repository: no history (initial lines and burn-ups need git); current lines read the working tree"
    )
    assert (h.lines[0].initial, h.lines[0].current, h.lines[0].added) == (None, 8, None)
    assert h.total.current == 8 and h.total.initial is None
    assert h.base is None
    assert [(p.commit, p.date, p.done, p.total) for p in h.burnups[0].points] == [(None, "2025-10-01", 1, 3)]
    json.dumps(h.to_json())


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = init(tmp_path / "empty")
    write(repo, f"{CHANGES}/alpha/proposal.md", lines(4))
    h = collect(repo, ["alpha"])
    assert h.notes[0] == "the git repository has no commits yet: no history; current lines read the working tree"
    assert h.lines[0].current == 4 and h.lines[0].initial is None
    assert h.burnups[0].points == []
    assert "alpha: no tasks.md, so no burn-up" in h.notes


def test_shallow_clone(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    repo, shas = project
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True, env=_env(), capture_output=True)
    h = collect(clone, IDS)
    assert h.notes[0].startswith(f"shallow clone: history starts at {shas['d0'][:12]} (2025-10-07); ")
    # Everything starts at the cut: one point per change, initial = the content there.
    alpha = h.burnups[0]
    assert [(p.commit, p.date, p.done) for p in alpha.points] == [(shas["d0"], "2025-10-07", 8)]
    assert (h.lines[0].initial, h.lines[0].current, h.lines[0].added) == (36, 36, 0)


def test_workspace_in_a_subfolder(tmp_path: Path) -> None:
    repo = init(tmp_path / "mono")
    ws = repo / "apps" / "web"
    write(ws, f"{CHANGES}/alpha/tasks.md", tasks(0, 2))
    write(repo, f"{CHANGES}/alpha/tasks.md", tasks(0, 9))  # another workspace at the top: not ours
    commit(repo, "2025-09-01T10:00:00+00:00")
    write(ws, f"{CHANGES}/alpha/tasks.md", tasks(1, 2))
    commit(repo, "2025-09-03T10:00:00+00:00")
    h = collect_history(repo, ws, ["alpha"], None)
    assert [(p.date, p.done, p.total) for p in h.burnups[0].points] == [("2025-09-01", 0, 2), ("2025-09-03", 1, 2)]
    assert h.lines[0].initial == 3
    # Any folder inside the repository finds it.
    assert collect_history(ws, ws, ["alpha"], None).to_json() == h.to_json()


def test_renamed_folder_follows_the_current_name_only(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    write(repo, f"{CHANGES}/old-name/tasks.md", tasks(0, 2))
    commit(repo, "2025-09-01T10:00:00+00:00")
    git(repo, "mv", f"{CHANGES}/old-name", f"{CHANGES}/new-name")
    sha = commit(repo, "2025-09-05T10:00:00+00:00")
    h = collect(repo, ["new-name"])
    assert [(p.commit, p.date) for p in h.burnups[0].points] == [(sha, "2025-09-05")]
    assert h.lines[0].base_date == "2025-09-05"


def test_deleted_tasks_and_archive_ignored(tmp_path: Path) -> None:
    repo = init(tmp_path / "r")
    write(repo, f"{CHANGES}/c/tasks.md", tasks(1, 2))
    write(repo, f"{CHANGES}/archive/2025-01-01-old/tasks.md", tasks(5, 5))
    commit(repo, "2025-09-01T10:00:00+00:00")
    (repo / CHANGES / "c" / "tasks.md").unlink()
    write(repo, f"{CHANGES}/c/proposal.md", lines(2))
    commit(repo, "2025-09-02T10:00:00+00:00")
    h = collect(repo, ["c"])
    assert [(p.date, p.done, p.total) for p in h.burnups[0].points] == [("2025-09-01", 1, 2), ("2025-09-02", 0, 0)]
    assert "c: tasks.md has no tasks, so no velocity or forecast" in h.notes
    assert (h.lines[0].initial, h.lines[0].current) == (3, 2)


def test_deterministic_json(project: tuple[Path, dict[str, str]]) -> None:
    repo, _ = project
    first = json.dumps(collect(repo, list(reversed(IDS)), since="2025-09-12").to_json(), sort_keys=True)
    second = json.dumps(collect(repo, IDS, since="2025-09-12").to_json(), sort_keys=True)
    assert first == second
    data = json.loads(first)
    assert [row["change"] for row in data["lines"]] == IDS
    assert data["burnups"][0]["forecast"] == "2025-10-16"
    assert data["total"]["change"] == "TOTAL"


def test_burnup_arithmetic_edges() -> None:
    bu, note = burnup("x", [])
    assert bu.points == [] and note == "x: no tasks.md, so no burn-up"
    one = [BurnPoint("a", "2025-01-01", 1, 3)]
    bu, note = burnup("x", one)
    assert bu.velocity_per_week is None and note == "x: no velocity or forecast: all burn-up points are on 2025-01-01"
    flat = [BurnPoint("a", "2025-01-01", 1, 3), BurnPoint("b", "2025-03-01", 1, 3)]
    bu, note = burnup("x", flat)
    assert bu.velocity_per_week == 0 and bu.forecast is None
    assert note == "x: no forecast: no tasks completed in the last 28 days (velocity 0/week)"
    # Exactly 28 days of history uses the window, from the first point.
    edge = [BurnPoint("a", "2025-01-01", 0, 10), BurnPoint("b", "2025-01-29", 4, 10)]
    bu, _ = burnup("x", edge)
    assert bu.method == METHOD_WINDOW and bu.velocity_per_week == 1.0 and bu.forecast == date(2025, 3, 12)


def test_line_count() -> None:
    assert [line_count(t) for t in ("", "a", "a\n", "a\nb", "a\n\n")] == [0, 1, 1, 2, 2]
    assert line_count(b"a\r\nb\r\n") == 2


def test_a_failing_git_command_is_a_note(project: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    from openspec_tool.history.gitio import Git, GitFailed

    repo, _ = project

    def broken(self: Git, pathspecs: list[str]) -> list[object]:
        raise GitFailed("git log failed: fatal: simulated")

    monkeypatch.setattr(Git, "log", broken)
    h = collect(repo, IDS)
    assert h.notes[0] == "git log failed: fatal: simulated; history is incomplete"
    assert h.lines[0].current == 36 and h.lines[0].initial is None
    assert h.burnups[0].points == [BurnPoint(None, h.burnups[0].points[0].date, 8, 10)]
