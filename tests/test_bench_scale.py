"""The scale bench (`python -m bench --scale`, issue #17) runs end to end on a tiny dossier and
prints, with --json, exactly one document: one object per size with every figure of the
issue's table, each a number or null, and a reason on stderr for each null. No duration is
asserted: the bench measures, the tests only check that it does. The launches in tmux are left
out (--launches 0) to keep the test short: the launch figures are then null, with a reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scale

ROOT = Path(__file__).resolve().parent.parent


def test_scale_json_gives_every_issue_figure_per_size(tmp_path):
    env = {**os.environ, "BENCH_CACHE": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "40", "--json", "--repeat=1", "--launches=0", "--batch=2",
         "--shipped-articles=2", "--ten-mb=0.02"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    figures = json.loads(out.stdout)  # nothing but the document on stdout
    assert list(figures) == ["40"]
    for size in figures.values():
        for key in (*scale.KEYS, "ten_mb_s", "ten_mb_peak_mb"):
            assert key in size
            value = size[key]
            assert value is None or (isinstance(value, (int, float)) and value >= 0), (key, value)
            if value is None:
                assert f"{key}: not measured: " in out.stderr
    assert figures["40"]["launch_ratio_vs_visidata"] is None and "--launches 0" in out.stderr
    # Figures the bench always takes here (no terminal or comparison tool needed).
    for key in ("one_article_s", "per_article_ms", "ingest_per_s", "actor_detail_ms", "search_p95_ms", "ten_mb_s"):
        assert isinstance(figures["40"][key], (int, float)), key


def test_scale_sizes_read_k_as_thousands_and_refuse_other_words():
    assert scale.parse_sizes("1k, 10k,50k") == [("1k", 1000), ("10k", 10_000), ("50k", 50_000)]
    assert scale.parse_sizes("50") == [("50", 50)]
    with pytest.raises(ValueError, match="not a size"):
        scale.parse_sizes("1m")


def test_scale_dossier_keeps_synth_proportions_and_its_fixed_cast():
    assert scale.synth_params(10_000) == scale.SYNTH
    small = scale.synth_params(50)
    assert small["quotes"] == 500 and small["actors"] == scale.MIN_ACTORS


def test_scale_table_marks_missed_targets_and_says_why_a_figure_is_missing():
    small, big = scale.Figures(), scale.Figures()
    small.update(one_article_s=0.1, per_article_ms=10.0)
    big.update(one_article_s=0.7, per_article_ms=12.0)
    big.none("browser_rss_mb", "tmux is not installed")
    text = scale.table({"1k": small, "50k": big})
    one = next(line for line in text.splitlines() if line.startswith("one article"))
    assert "7.00" in one and one.endswith("MISSED")  # growth 0.7/0.1, and 0.7 s > 0.5 s at 50k
    per = next(line for line in text.splitlines() if line.startswith("per article"))
    assert per.endswith("ok")  # 12 ms ≤ 1.5 × 10 ms
    assert "n/a browser_rss_mb: tmux is not installed" in text
