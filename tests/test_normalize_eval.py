"""The labelled sets in eval/ meet the thresholds of issue 5 (python eval/score.py prints them)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import score  # noqa: E402


def test_labelled_sets_are_large_enough_and_meet_the_thresholds():
    total = score.score_all()
    c, f = total.counts, total.figures
    assert c["tokens"] >= 300 and c["pairs"] >= 150 and c["indicators"] >= 100
    assert c["slips"] >= 100 and c["different"] >= 100 and c["lower"] >= 20  # hard cases, not only easy ones
    for name, threshold in score.THRESHOLDS.items():
        assert f[name] >= threshold, (name, f[name], total.errors[:10])
    assert f["repair_recall"] >= 0.6  # recall is reported; this guards against a silent collapse
