"""Auto-classification of appeals: a leaf category suggested from the Chinese text, with a confidence.

Features are TF-IDF of character 1–3-grams plus TF-IDF of jieba word unigrams and bigrams; a linear SVM
(one-vs-rest) scores every label, and the confidences are a softmax of those scores with a temperature
fitted by cross-validation, so they lie in [0, 1] and sum to 1 over the labels.

The model learns from the deployment's own handled appeals — the category staff finally chose, so their
overrides of a suggestion are learned too — topped up with generated texts (corpus.py) for categories
with few examples; ``linli classifier train`` retrains and saves it to ``settings.LINLI_CLASSIFIER_PATH``.
Until a model has been saved, a bootstrap model trained on generated texts alone is used. Nothing is
downloaded. Models are joblib pickles: load only files this deployment wrote itself.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import random
import re
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

import jieba
import joblib
import numpy as np

from . import corpus

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

# scikit-learn and SciPy are imported where a model is trained or scored, never for a suggestion: a
# saved model holds plain vocabularies and arrays, so a web worker answering appeals does not carry
# them (about 75 MB of its memory).

jieba.setLogLevel(logging.WARNING)
logger = logging.getLogger(__name__)

#: Generated examples per category for the bootstrap model, and the floor the database set is topped up to.
BOOTSTRAP_PER_CATEGORY = 60
MIN_PER_CATEGORY = 40
#: The most recent handled appeals a retraining reads.
MAX_APPEALS = 50_000
_SEED = 2026
#: Batches at least this large may be split over processes (Model.predict's ``workers``).
PARALLEL_MIN_TEXTS = 500
_DEFAULT_TEMPERATURE = 5.0

_DIGITS = re.compile(r"\d+")
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's char analyzer folds runs of white space
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, every number to 0 (room numbers and dates are noise)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _SPACES.sub(" ", _DIGITS.sub("0", text)).strip()


def word_features(text: str) -> list[str]:
    """jieba words without punctuation, and adjacent word pairs. Dictionary words only: the character
    n-grams cover unknown words, and the HMM that guesses them costs a third of the time."""
    words = [w for w in jieba.lcut(_NON_WORD.sub(" ", normalize(text)), HMM=False) if w != " "]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def appeal_text(title: str, text: str) -> str:
    """What the classifier reads of an appeal: its title (when it adds anything) and its text."""
    title, text = (title or "").strip(), (text or "").strip()
    return f"{title}\n{text}" if title and title not in text else text


class Model:
    """A trained classifier: vectorizers, one weight row per label, and a softmax temperature.

    Prediction recomputes the TF-IDF rows itself from the fitted vocabularies and idf weights (the same
    arithmetic as scikit-learn: 1 + log tf, times idf, unit length per block) because scikit-learn's
    input validation costs a millisecond per call, more than the arithmetic for one appeal."""

    def __init__(self, vectorizers, labels, coef, intercept, temperature: float, info: dict):
        self.vectorizers = vectorizers  # the fitted scikit-learn objects, kept only by a model just trained
        self.blocks = [_block(v) for v in vectorizers]
        self.labels = [str(label) for label in labels]
        self.coef = coef
        self.intercept = intercept
        self.temperature = temperature
        self.info = info
        self._prepare()

    def _prepare(self) -> None:
        self._analyzers = [_analyzer(b) for b in self.blocks]
        self._width = sum(len(b["vocabulary"]) for b in self.blocks)
        self._coef_t = np.ascontiguousarray(self.coef.T)  # one row of weights per feature

    def __getstate__(self):
        skip = ("vectorizers", "_analyzers", "_width", "_coef_t")
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    def __setstate__(self, state):
        if "vectorizers" in state:  # a model saved before the vocabularies were kept plain
            state["blocks"] = [_block(v) for v in state.pop("vectorizers")]
        self.__dict__.update(state)
        self.vectorizers = None
        self._prepare()

    def _rows(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The feature ids and TF-IDF weights of one text (each block of unit length, as scikit-learn)."""
        ids, weights, offset = [], [], 0
        for analyze, block in zip(self._analyzers, self.blocks, strict=True):
            vocabulary, idf = block["vocabulary"], block["idf"]
            terms = analyze(text)
            found = np.fromiter(map(vocabulary.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))
            idx, tf = np.unique(found[found >= 0], return_counts=True)
            if len(idx):
                w = (1 + np.log(tf.astype(np.float32))) * idf[idx]
                ids.append(idx + offset)
                weights.append(w / np.sqrt(np.dot(w, w)))
            offset += len(vocabulary)
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        return np.concatenate(ids), np.concatenate(weights)

    def features(self, texts: list[str]) -> csr_matrix:
        """The TF-IDF matrix of ``texts`` (SciPy), as scikit-learn's vectorizers would give it."""
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for text in texts:
            idx, w = self._rows(text)
            indices.append(idx)
            data.append(w)
            indptr.append(indptr[-1] + len(idx))
        matrix = (
            np.concatenate(data or [np.empty(0, np.float32)]),
            np.concatenate(indices or [np.empty(0, np.int64)]),
            np.asarray(indptr),
        )
        return csr_matrix(matrix, shape=(len(texts), self._width), dtype=np.float32)

    def scores(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), len(self.labels)), dtype=np.float32)
        for i, text in enumerate(texts):
            idx, w = self._rows(text)
            out[i] = w @ self._coef_t[idx] if len(idx) else 0
        return out + self.intercept

    def proba(self, texts: list[str]) -> np.ndarray:
        return _softmax(self.scores(texts), self.temperature)

    def predict(self, texts: list[str], *, workers: int = 1) -> list[str]:
        """The most likely label of each text. ``workers`` > 1 splits a large batch over forked
        processes (command line only: never from a threaded web server)."""
        if not texts:
            return []
        if workers > 1 and len(texts) >= PARALLEL_MIN_TEXTS and _fork_is_safe():
            best = _forked_argmax(self, texts, workers)
        else:
            best = self.scores(texts).argmax(axis=1)
        return [self.labels[i] for i in best]

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every label with its confidence, most likely first."""
        p = self.proba([text])[0]
        return [(self.labels[i], float(p[i])) for i in np.argsort(-p, kind="stable")]

    def suggest(self, text: str) -> tuple[str, float]:
        return self.ranked(text)[0]


def _block(vectorizer) -> dict:
    """What prediction needs of a fitted TfidfVectorizer: its analyzer, vocabulary and idf weights."""
    analyzer = "words" if vectorizer.analyzer is word_features else vectorizer.analyzer
    if analyzer not in ("char", "words"):
        raise ValueError(f"unsupported analyzer {vectorizer.analyzer!r}")
    return {
        "analyzer": analyzer,
        "ngram_range": tuple(vectorizer.ngram_range),
        "vocabulary": dict(vectorizer.vocabulary_),
        "idf": vectorizer.idf_.astype(np.float32),
    }


def _analyzer(block: dict):
    if block["analyzer"] == "words":
        return word_features
    low, high = block["ngram_range"]

    def char_ngrams(text: str) -> list[str]:
        # scikit-learn's analyzer="char" with preprocessor=normalize
        text = _WHITE_SPACES.sub(" ", normalize(text))
        size = len(text)
        return [text[i : i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)]

    return char_ngrams


_forked_model: Model | None = None


def _fork_is_safe() -> bool:
    """Forking a process that runs other threads (a web server, a test's live server or browser driver)
    can copy a lock held by one of them and hang the child for ever: fork only a single-threaded process."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def _argmax_chunk(texts: list[str]) -> np.ndarray:
    return _forked_model.scores(texts).argmax(axis=1)


def _forked_argmax(model: Model, texts: list[str], workers: int) -> np.ndarray:
    # Forked children share the model and jieba's dictionary with the parent (nothing is pickled but
    # the texts and the answers); they touch no database connection.
    global _forked_model
    _forked_model = model
    size = -(-len(texts) // workers)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    try:
        with mp.get_context("fork").Pool(len(chunks)) as pool:
            return np.concatenate(pool.map(_argmax_chunk, chunks))
    finally:
        _forked_model = None


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores * temperature
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _vectorizers(n_texts: int) -> list[TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df = 2 if n_texts >= 500 else 1
    common = {"sublinear_tf": True, "min_df": min_df, "dtype": np.float32}
    return [
        TfidfVectorizer(
            analyzer="char", ngram_range=(1, 3), preprocessor=normalize, max_features=200_000, **common
        ),
        TfidfVectorizer(analyzer=word_features, max_features=100_000, **common),
    ]


def _weights(svm: LinearSVC) -> tuple[np.ndarray, np.ndarray]:
    coef, intercept = svm.coef_, svm.intercept_
    if coef.shape[0] == 1:  # two labels: one score, make it two symmetric ones
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    return coef.astype(np.float32), intercept.astype(np.float32)


def _fit_temperature(X, y: np.ndarray, c: float) -> float:
    """The softmax temperature that minimises the log-loss of out-of-fold scores."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    counts = Counter(y.tolist())
    if len(y) < 30 or min(counts.values()) < 3:
        return _DEFAULT_TEMPERATURE
    scores = np.zeros((len(y), len(counts)), dtype=np.float64)
    labels = sorted(counts)
    for fit, held in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(X, y):
        svm = LinearSVC(C=c, random_state=0).fit(X[fit], y[fit])
        coef, intercept = _weights(svm)
        scores[held] = np.asarray(X[held] @ coef.T) + intercept
    truth = np.searchsorted(labels, y)
    best, best_loss = _DEFAULT_TEMPERATURE, np.inf
    for t in np.geomspace(0.5, 100, 70):
        p = _softmax(scores, t)[np.arange(len(y)), truth]
        loss = -np.log(np.clip(p, 1e-12, None)).mean()
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def train(texts: list[str], labels: list[str], *, c: float = 0.5, source: str = "") -> Model:
    """Fit a model. Raises ValueError (Chinese) without texts or with fewer than two labels."""
    if len(texts) != len(labels):
        raise ValueError("文本和标签的数量不一致。")
    if not texts:
        raise ValueError("没有训练数据。")
    if len(set(labels)) < 2:
        raise ValueError("训练数据至少要有两个分类。")
    from scipy.sparse import hstack
    from sklearn.svm import LinearSVC

    started = time.monotonic()
    vectorizers = _vectorizers(len(texts))
    X = hstack([v.fit_transform(texts) for v in vectorizers], format="csr")
    y = np.asarray(labels)
    svm = LinearSVC(C=c, random_state=0).fit(X, y)
    coef, intercept = _weights(svm)
    temperature = _fit_temperature(X, y, c)
    info = {
        "source": source,
        "texts": len(texts),
        "per_label": dict(Counter(labels)),
        "features": X.shape[1],
        "seconds": round(time.monotonic() - started, 2),
        "trained_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    return Model(vectorizers, svm.classes_, coef, intercept, temperature, info)


def scores_of(truth: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy and macro-averaged F1 (over every label either list holds)."""
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
    }


def scores(model: Model, texts: list[str], labels: list[str]) -> dict[str, float]:
    """Accuracy and macro-averaged F1 of ``model`` on labelled texts."""
    return scores_of(labels, model.predict(texts))


def holdout(texts: list[str], labels: list[str], *, share: float = 0.2, seed: int = 0) -> dict | None:
    """Train on a stratified (1 - share) of the data and score on the rest; None when it is too small.
    Labels with a single example stay in the training part."""
    from sklearn.model_selection import train_test_split

    counts = Counter(labels)
    pool = [i for i, label in enumerate(labels) if counts[label] >= 2]
    kept = [i for i, label in enumerate(labels) if counts[label] < 2]
    try:
        fit, held = train_test_split(
            pool, test_size=share, stratify=[labels[i] for i in pool], random_state=seed
        )
    except ValueError:
        return None
    fit = fit + kept
    model = train([texts[i] for i in fit], [labels[i] for i in fit], source="holdout")
    return {**scores(model, [texts[i] for i in held], [labels[i] for i in held]), "held_out": len(held)}


def save(model: Model, path: Path | str | None = None) -> Path:
    """Write the model atomically (readers never see half a file)."""
    path = Path(path or _model_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    joblib.dump(model, tmp, compress=3)
    os.replace(tmp, path)
    return path


def load(path: Path | str | None = None) -> Model:
    return joblib.load(Path(path or _model_path()))


def _model_path() -> Path:
    from django.conf import settings

    return Path(settings.LINLI_CLASSIFIER_PATH)


_lock = threading.Lock()
_saved: dict = {}
_bootstrap: list[Model] = []


def bootstrap_model() -> Model:
    """Trained once per process on generated texts (a second or two)."""
    with _lock:
        if not _bootstrap:
            rows = corpus.corpus(BOOTSTRAP_PER_CATEGORY, seed=_SEED)
            _bootstrap.append(train([t for t, _ in rows], [c for _, c in rows], source="bootstrap"))
        return _bootstrap[0]


def current_model() -> Model:
    """The saved model (reloaded when its file changes), else the bootstrap model."""
    path = _model_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return bootstrap_model()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if _saved.get("key") != key:
            try:
                _saved.update(key=key, model=load(path))
            except Exception:
                logger.exception("Cannot load the appeal classifier %s; using the bootstrap model", path)
                _saved.update(key=key, model=None)
        model = _saved["model"]
    return model or bootstrap_model()


@dataclass
class TrainingSet:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    from_appeals: int = 0
    from_corpus: int = 0

    def add(self, text: str, label: str) -> None:
        self.texts.append(text)
        self.labels.append(label)


def db_training_set(*, min_per_category: int = MIN_PER_CATEGORY, limit: int = MAX_APPEALS) -> TrainingSet:
    """Texts and leaf category codes of handled appeals (closed or rated, in an active leaf category),
    the most recent ``limit``; categories with fewer than ``min_per_category`` are topped up with
    generated texts, or — for a category the generator does not know — with its name and keywords."""
    from .choices import Status
    from .models import Appeal, Category

    leaves = list(Category.objects.filter(is_active=True, parent__isnull=False).order_by("code"))
    rows = (
        Appeal.objects.filter(
            status__in=[Status.CLOSED, Status.RATED],
            category__in=leaves,
            merged_into__isnull=True,
        )
        .order_by("-id")
        .values_list("title", "text", "category__code")[:limit]
    )
    data = TrainingSet()
    for title, text, code in rows:
        data.add(appeal_text(title, text), code)
    data.from_appeals = len(data.texts)
    counts = Counter(data.labels)
    rng = random.Random(_SEED)
    for leaf in leaves:
        missing = max(0, min_per_category - counts[leaf.code])
        if leaf.code in corpus.LEAF_CODES:
            for _ in range(missing):
                data.add(corpus.generate(leaf.code, rng), leaf.code)
        elif missing and counts[leaf.code] < 3:
            for _ in range(3 - counts[leaf.code]):
                data.add(f"{leaf.name} {leaf.keywords}", leaf.code)
    data.from_corpus = len(data.texts) - data.from_appeals
    return data


def suggest(text: str):
    """(active leaf Category, confidence) for a text, or (None, 0.0) when no label of the model is an
    active leaf category any more. One query."""
    from .models import Category

    ranked = current_model().ranked(text)[:5]
    found = Category.objects.filter(
        code__in=[label for label, _ in ranked], is_active=True, parent__isnull=False
    ).select_related("parent")
    leaves = {c.code: c for c in found}
    for label, confidence in ranked:
        if label in leaves:
            return leaves[label], confidence
    return None, 0.0
