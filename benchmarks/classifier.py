"""The appeal classifier on generated messages in 7 classes, sized like the real corpus the goal names
(about 8,000 Chinese citizen messages in 7 classes; published TF-IDF + SVM results on it: macro-F1
0.90–0.91). The real corpus is not available here: these figures are on linli/appeals/corpus.py's
texts, the test set drawn with another seed. The limit measured in the same run is that published kind
of model — TF-IDF of jieba words and a linear SVM — on the same data."""

from __future__ import annotations

import logging
import os
import statistics
import time

import jieba
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from linli.appeals import classifier, corpus

from .common import percentile

GOAL_MACRO_F1 = 0.93
GOAL_TRAIN_SECONDS = 60.0
GOAL_MS_PER_TEXT = 2.0

#: Seven classes of the leaf categories (by top-level code), as uneven in size as a real corpus.
GROUPS = {
    "01": "物业服务",
    "02": "环境卫生",
    "03": "公共设施与水电气",
    "10": "公共设施与水电气",
    "04": "违建与停车",
    "05": "违建与停车",
    "06": "噪音与邻里",
    "07": "噪音与邻里",
    "08": "治安消防",
    "09": "民生服务",
    "11": "民生服务",
}


def dataset(size: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """About ``size`` messages: texts, their 7-class labels and their leaf codes."""
    rows = corpus.corpus(max(1, round(size / len(corpus.LEAF_CODES))), seed)
    return [t for t, _ in rows], [GROUPS[c[:2]] for _, c in rows], [c for _, c in rows]


def long_dataset(size: int, seed: int, *, join: int = 6) -> tuple[list[str], list[str]]:
    """About ``size`` messages as long as the real corpus's (~300 characters): ``join`` generated
    messages of one class run together. Only for timing: one class per text makes them easy."""
    texts, groups, _ = dataset(size * join, seed)
    by_class: dict[str, list[str]] = {}
    for text, group in zip(texts, groups, strict=True):
        by_class.setdefault(group, []).append(text)
    rows = [
        ("".join(chunk[i : i + join]), group)
        for group, chunk in by_class.items()
        for i in range(0, len(chunk) - join + 1, join)
    ]
    return [t for t, _ in rows], [g for _, g in rows]


def _long(size: int, test_size: int, seed: int) -> dict:
    train_texts, train_labels = long_dataset(size, seed)
    test_texts, test_labels = long_dataset(test_size, seed + 1)
    started = time.perf_counter()
    model = classifier.train(train_texts, train_labels, source="benchmark")
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = model.predict(test_texts)
    ms = (time.perf_counter() - started) * 1000 / len(test_texts)
    started = time.perf_counter()
    model.predict(test_texts, workers=2)
    return {
        **classifier.scores_of(test_labels, predicted),
        "train_size": len(train_texts),
        "test_size": len(test_texts),
        "mean_chars": statistics.mean(len(t) for t in train_texts),
        "train_seconds": seconds,
        "ms_per_text": ms,
        "ms_per_text_2": (time.perf_counter() - started) * 1000 / len(test_texts),
        "features": model.info["features"],
    }


def _words(text: str) -> list[str]:
    return jieba.lcut(text)


def _baseline(train_texts, train_labels, test_texts, test_labels) -> dict:
    started = time.perf_counter()
    model = make_pipeline(TfidfVectorizer(analyzer=_words), LinearSVC(random_state=0))
    model.fit(train_texts, train_labels)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = list(model.predict(test_texts))
    ms = (time.perf_counter() - started) * 1000 / len(test_texts)
    return {**classifier.scores_of(test_labels, predicted), "train_seconds": seconds, "ms_per_text": ms}


def _one_at_a_time(model, text: str) -> float:
    """Milliseconds of one suggestion: the fastest of three (the machine is shared with other work)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        model.suggest(text)
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def _run(train_texts, train_labels, test_texts, test_labels, *, singles: int) -> dict:
    started = time.perf_counter()
    model = classifier.train(train_texts, train_labels, source="benchmark")
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = model.predict(test_texts)
    batch_ms = (time.perf_counter() - started) * 1000 / len(test_texts)
    started = time.perf_counter()
    model.predict(test_texts, workers=2)
    batch2_ms = (time.perf_counter() - started) * 1000 / len(test_texts)
    single = [_one_at_a_time(model, text) for text in test_texts[:singles]]
    # The real corpus's messages are longer than a resident's phone message: join six into one.
    longs = ["".join(test_texts[i : i + 6]) for i in range(0, min(len(test_texts), singles * 6), 6)]
    long_ms = [_one_at_a_time(model, text) for text in longs]
    return {
        **classifier.scores_of(test_labels, predicted),
        "classes": len(set(train_labels)),
        "train_seconds": seconds,
        "ms_per_text": batch_ms,
        "ms_per_text_2": batch2_ms,
        "single_p50": statistics.median(single),
        "single_p95": percentile(single, 95),
        "long_chars": statistics.mean(len(t) for t in longs),
        "long_p50": statistics.median(long_ms),
        "long_p95": percentile(long_ms, 95),
        "features": model.info["features"],
    }


def measure(*, train_size: int = 8000, test_size: int = 2000, singles: int = 300, seed: int = 2026) -> dict:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # once per process, ~1 s; not part of any one training
    load_before = os.getloadavg()[0]
    train_texts, train_groups, train_leaves = dataset(train_size, seed)
    test_texts, test_groups, test_leaves = dataset(test_size, seed + 1)
    result = {
        "train_size": len(train_texts),
        "test_size": len(test_texts),
        "mean_chars": statistics.mean(len(t) for t in train_texts),
        "groups": _run(train_texts, train_groups, test_texts, test_groups, singles=singles),
        "leaves": _run(train_texts, train_leaves, test_texts, test_leaves, singles=singles),
        "baseline": _baseline(train_texts, train_groups, test_texts, test_groups),
        "long": _long(train_size, test_size, seed + 2),
        "goals": {
            "macro_f1": GOAL_MACRO_F1,
            "train_seconds": GOAL_TRAIN_SECONDS,
            "ms_per_text": GOAL_MS_PER_TEXT,
        },
    }
    result["load"] = (load_before, os.getloadavg()[0])
    return result


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(result: dict) -> str:
    g, leaves, base, lg = result["groups"], result["leaves"], result["baseline"], result["long"]
    lines = [
        "### Classifier — generated appeals, 7 classes",
        "",
        f"Training set {result['train_size']:,} messages, held-out set {result['test_size']:,} drawn with another "
        f"seed (mean {result['mean_chars']:.0f} characters), from `linli/appeals/corpus.py`. **Generated data, not "
        "the real held-out corpus of the goal**, which is not available here: the F1 below says the pipeline "
        "works and is fast enough, not that the goal's 0.93 is reached on real messages. Load average (1 min) "
        f"before/after: {result['load'][0]:.1f}/{result['load'][1]:.1f} on 2 cores.",
        "",
        "Limit measured in the same run: the published kind of model (TF-IDF of jieba words, linear SVM) on the "
        f"same 7-class data: accuracy {base['accuracy']:.4f}, macro-F1 {base['macro_f1']:.4f}, training "
        f"{base['train_seconds']:.1f} s, {base['ms_per_text']:.2f} ms per text.",
        "",
        "| measure | 7 classes | 28 leaf categories | × limit (7 classes) | goal | |",
        "|---|---:|---:|---:|---|---|",
        f"| accuracy | {g['accuracy']:.4f} | {leaves['accuracy']:.4f} | "
        f"{g['accuracy'] / base['accuracy']:.3f}× | | |",
        f"| macro-F1 | {g['macro_f1']:.4f} | {leaves['macro_f1']:.4f} | {g['macro_f1'] / base['macro_f1']:.3f}× | "
        f"≥ {GOAL_MACRO_F1} | {_met(g['macro_f1'] >= GOAL_MACRO_F1)} (generated data) |",
        f"| training, s | {g['train_seconds']:.1f} | {leaves['train_seconds']:.1f} | "
        f"{g['train_seconds'] / base['train_seconds']:.1f}× | ≤ {GOAL_TRAIN_SECONDS:.0f} | "
        f"{_met(g['train_seconds'] <= GOAL_TRAIN_SECONDS)} |",
        f"| prediction, batch in one process, ms per text | {g['ms_per_text']:.2f} | {leaves['ms_per_text']:.2f} | "
        f"{g['ms_per_text'] / base['ms_per_text']:.1f}× | ≤ {GOAL_MS_PER_TEXT:.0f} | "
        f"{_met(g['ms_per_text'] <= GOAL_MS_PER_TEXT)} |",
        f"| prediction, batch in two processes (as `evaluate` does), ms per text | {g['ms_per_text_2']:.2f} | "
        f"{leaves['ms_per_text_2']:.2f} | | ≤ {GOAL_MS_PER_TEXT:.0f} | {_met(g['ms_per_text_2'] <= GOAL_MS_PER_TEXT)} |",
        f"| prediction, one text at a time (fastest of 3), p50 / p95 ms | {g['single_p50']:.2f} / {g['single_p95']:.2f} | "
        f"{leaves['single_p50']:.2f} / {leaves['single_p95']:.2f} | | ≤ {GOAL_MS_PER_TEXT:.0f} | "
        f"{_met(g['single_p50'] <= GOAL_MS_PER_TEXT)} |",
        f"| one long text (~{g['long_chars']:.0f} characters, fastest of 3), p50 / p95 ms | {g['long_p50']:.2f} / "
        f"{g['long_p95']:.2f} | {leaves['long_p50']:.2f} / {leaves['long_p95']:.2f} | | ≤ {GOAL_MS_PER_TEXT:.0f} | "
        f"{_met(g['long_p50'] <= GOAL_MS_PER_TEXT)} |",
        f"| features | {g['features']:,} | {leaves['features']:,} | | | |",
        "",
        f"Messages as long as the real corpus's, for time only ({lg['train_size']:,} training and "
        f"{lg['test_size']:,} test texts of {lg['mean_chars']:.0f} characters on average, each six generated "
        f"messages of one class run together): training {lg['train_seconds']:.1f} s "
        f"({_met(lg['train_seconds'] <= GOAL_TRAIN_SECONDS)}, goal ≤ {GOAL_TRAIN_SECONDS:.0f} s), prediction "
        f"{lg['ms_per_text']:.2f} ms per text in one process, {lg['ms_per_text_2']:.2f} ms in two "
        f"({_met(lg['ms_per_text_2'] <= GOAL_MS_PER_TEXT)}, goal ≤ {GOAL_MS_PER_TEXT:.0f} ms), "
        f"{lg['features']:,} features. Times exclude loading jieba's dictionary "
        "(about 1 s, once per process).",
    ]
    return "\n".join(lines)
