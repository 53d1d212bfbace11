"""The report's font subsetting prints nothing: fontTools' log lines ("TSI1 NOT subset") are silenced there."""

import logging
import subprocess
import sys

import pytest

from trendlab.plot import korean_font_path
from trendlab.report.html import font_face

TEXT = "소버린 AI 반도체"

needs_font = pytest.mark.skipif(
    not (korean_font_path() or "").endswith(".ttf"), reason="no TrueType Korean font to subset"
)


@needs_font
def test_font_face_logs_nothing_from_fonttools(caplog, capfd):
    before = logging.getLogger("fontTools").level
    with caplog.at_level(logging.INFO):
        rule = font_face(TEXT)
    assert rule.startswith("@font-face")
    noise = [r.getMessage() for r in caplog.records if r.name.startswith("fontTools")]
    assert noise == []
    out, err = capfd.readouterr()
    assert "NOT subset" not in out + err and "fontTools" not in out + err
    assert logging.getLogger("fontTools").level == before  # quiet only while subsetting


@needs_font
def test_font_face_prints_nothing_in_a_fresh_process():
    """With no logging set up, Python's last-resort handler would print fontTools' warnings."""
    code = f"from trendlab.report.html import font_face; assert font_face({TEXT!r})"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stderr == "" and p.stdout == ""


def test_other_loggers_are_left_alone(caplog):
    """Only fontTools is silenced: trendlab's own warnings still get through around the subsetting."""
    with caplog.at_level(logging.INFO):
        font_face(TEXT)
        logging.getLogger("trendlab.report").warning("still heard")
    assert [r.getMessage() for r in caplog.records if r.name == "trendlab.report"] == ["still heard"]
