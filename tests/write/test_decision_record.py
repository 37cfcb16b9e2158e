"""`decide choose` records the choice safely (issue 10, items 4 and 5): any id reads back as itself, the edit is
made on the node the parser found, line endings and foreign bytes are kept, the edit is verified before anything
is written, and the record and the YAML are committed together under a lock."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.write import decision_record
from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]
DECISION = "openspec/decisions/d.yaml"
RECORD = "openspec/decisions/d.record.md"
PROPOSAL = "# {0}\n\n## Why\nBecause it matters to the people who use it.\n\n## What Changes\n- {0}\n"


def _decision(path_ids: list[str], tail: str = "chosen: null  # set by openspec decide choose\n", eol: str = "\n") -> str:
    paths = "".join(f"  - id: {json.dumps(p)}\n    options: [o1]\n" for p in path_ids)
    text = (
        "# hand-written\nid: d\ntitle: D\nquestion: Which?\noptions: [o1, o2]\n"
        "criteria:\n  - {id: impact, direction: benefit, weight: 1}\n"
        "scores:\n  o1: {impact: 3}\n  o2: {impact: 4}\n"
        f"paths:\n{paths}{tail}"
    )
    return text.replace("\n", eol)


def _ws(tmp_path: Path, decision: str | bytes) -> Path:
    return write_tree(
        tmp_path,
        {
            "openspec/changes/o1/proposal.md": PROPOSAL.format("o1"),
            "openspec/changes/o2/proposal.md": PROPOSAL.format("o2"),
            DECISION: decision,
        },
    )


def _chosen(cli: Cli, ws: Path) -> Any:
    code, out, err = cli("decide", "--json", cwd=ws)
    assert code == 0, err
    return json.loads(out)["decision"]["chosen"]


def _leftovers(ws: Path) -> list[str]:
    return sorted(n for n in os.listdir(ws / "openspec/decisions") if n.startswith("."))


TRICKY = ["a #b", "null", "~", "&a", "x\ny: 1", "*evil", "{a", "%TAG x", "yes", "1", "'q'", "- x", "é: ü", "tab\there"]


@pytest.mark.parametrize("pid", TRICKY)
def test_any_id_reads_back_as_itself(cli: Cli, tmp_path: Path, pid: str) -> None:
    ws = _ws(tmp_path, _decision([pid, "plain"]))
    code, _, err = cli("decide", "--yes", "choose", "--", pid, cwd=ws)
    assert code == 0, err
    assert _chosen(cli, ws) == pid
    text = (ws / DECISION).read_text(encoding="utf-8")
    assert text.startswith("# hand-written\n") and "# set by openspec decide choose" in text
    assert _leftovers(ws) == []


def test_the_edit_lands_on_the_key_the_parser_reads_not_inside_a_quoted_string(cli: Cli, tmp_path: Path) -> None:
    tail = 'summary: "first line\n  chosen: not a key, part of the text"\nchosen: null\n'
    ws = _ws(tmp_path, _decision(["A", "B"], tail=tail))
    assert cli("decide", "choose", "B", "--yes", cwd=ws)[0] == 0
    text = (ws / DECISION).read_text(encoding="utf-8")
    assert '  chosen: not a key, part of the text"\nchosen: B\n' in text
    assert _chosen(cli, ws) == "B"


def test_two_chosen_keys_are_an_error_naming_both_lines_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, _decision(["A", "B"], tail="chosen: A\nchosen: B\n"))
    before = (ws / DECISION).read_bytes()
    code, _, err = cli("decide", "--json", cwd=ws)
    assert code == 2 and "`chosen` is given twice (lines 16 and 17)" in err
    code, _, err = cli("decide", "choose", "A", "--yes", cwd=ws)
    assert code == 2 and (ws / DECISION).read_bytes() == before and not (ws / RECORD).exists()


def test_duplicate_path_ids_name_the_file_and_both_lines(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, _decision(["A", "A"]))
    code, _, err = cli("decide", cwd=ws)
    assert code == 2 and err.strip().endswith(f"{DECISION}:14: path id 'A' is given twice (lines 12 and 14)")
    code, _, err = cli("check", cwd=ws)
    assert code == 1 and f"{DECISION}:14: error [decision-file] path id 'A' is given twice" in err


def test_crlf_file_keeps_its_line_endings(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, _decision(["A", "B"], eol="\r\n"))
    assert cli("decide", "choose", "A", "--yes", cwd=ws)[0] == 0
    data = (ws / DECISION).read_bytes()
    assert b"chosen: A  # set by openspec decide choose\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_crlf_file_without_chosen_gets_a_crlf_line(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, _decision(["A"], tail="", eol="\r\n"))
    assert cli("decide", "choose", "A", "--yes", cwd=ws)[0] == 0
    data = (ws / DECISION).read_bytes()
    assert data.endswith(b"chosen: A\r\n") and data.count(b"\n") == data.count(b"\r\n")


def test_a_latin1_byte_in_a_comment_is_kept_and_both_files_are_written(cli: Cli, tmp_path: Path) -> None:
    raw = _decision(["A", "B"]).encode().replace(b"# hand-written", b"# hand-written by Jos\xe9")
    ws = _ws(tmp_path, raw)
    code, _, err = cli("decide", "choose", "B", "--yes", cwd=ws)
    assert code == 0, err
    after = (ws / DECISION).read_bytes()
    assert after == raw.replace(b"chosen: null", b"chosen: B")
    assert "Path B chosen" in (ws / RECORD).read_text(encoding="utf-8")


def test_a_failed_verification_writes_nothing(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _ws(tmp_path, _decision(["A", "B"]))
    before = (ws / DECISION).read_bytes()
    real = decision_record.set_top_level

    def sloppy(text: str, key: str, value: str) -> str:  # an edit that also changes another value
        return real(text, key, value).replace("title: D", "title: E")

    monkeypatch.setattr(decision_record, "set_top_level", sloppy)
    code, _, err = cli("decide", "choose", "A", "--yes", cwd=ws)
    assert code == 2 and "would not read back" in err and err.count("\n") == 1
    assert (ws / DECISION).read_bytes() == before and not (ws / RECORD).exists() and _leftovers(ws) == []


def test_a_symlinked_decision_file_is_written_through_and_the_link_kept(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, "")
    real = ws / "openspec/decisions/real.yml.txt"
    real.write_text(_decision(["A", "B"]), encoding="utf-8")
    (ws / DECISION).unlink()
    (ws / DECISION).symlink_to("real.yml.txt")
    assert cli("decide", "choose", "B", "--yes", cwd=ws)[0] == 0
    assert (ws / DECISION).is_symlink() and "\nchosen: B" in real.read_text(encoding="utf-8")


def test_a_record_linked_out_of_the_workspace_is_refused(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path / "ws", _decision(["A", "B"]))
    outside = tmp_path / "outside.md"
    outside.write_text("keep")
    (ws / RECORD).symlink_to(outside)
    code, _, err = cli("decide", "choose", "A", "--yes", cwd=ws)
    assert code == 2 and "leads outside the workspace" in err
    assert outside.read_text() == "keep" and "chosen: null" in (ws / DECISION).read_text()


def _choose_in_child(ws: str, pid: str) -> int:
    from openspec_tool.cli.main import run

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    return run(["decide", "choose", pid, "--yes", "--root", ws])


def test_concurrent_choices_take_turns_and_record_and_yaml_agree(cli: Cli, tmp_path: Path) -> None:
    ids = ["A", "B", "C", "D", "E", "F"]
    ws = _ws(tmp_path, _decision(ids))
    with multiprocessing.get_context("fork").Pool(len(ids)) as pool:
        codes = pool.starmap(_choose_in_child, [(str(ws), i) for i in ids])
    assert codes == [0] * len(ids)
    chosen = _chosen(cli, ws)
    assert chosen in ids
    assert (ws / RECORD).read_text(encoding="utf-8").startswith(f"# D: Path {chosen} chosen")
    assert _leftovers(ws) == []
