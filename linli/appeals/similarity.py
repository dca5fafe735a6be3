"""Text similarity for duplicate detection: cosine of word counts after jieba segmentation."""

import logging
from collections import Counter
from functools import lru_cache
from math import sqrt

_STOP = set(
    [
        "的",
        "了",
        "在",
        "是",
        "我",
        "有",
        "和",
        "就",
        "不",
        "人",
        "都",
        "一",
        "一个",
        "也",
        "很",
        "到",
        "说",
        "要",
        "去",
        "你",
        "会",
        "着",
        "没有",
        "看",
        "好",
        "这",
        "那",
        "请",
        "吗",
        "呢",
        "啊",
        "吧",
        "小区",
        "我们",
        "他们",
        "已经",
        "还",
        "能",
        "问题",
    ]
)


@lru_cache(maxsize=2048)
def tokens(text: str) -> tuple[str, ...]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return tuple(
        w for w in jieba.lcut(text) if w.strip() and w not in _STOP and not w.isspace() and len(w) > 1
    )


def similarity(a: str, b: str) -> float:
    ca, cb = Counter(tokens(a)), Counter(tokens(b))
    if not ca or not cb:
        return 0.0
    dot = sum(ca[w] * cb[w] for w in ca.keys() & cb.keys())
    return dot / (sqrt(sum(v * v for v in ca.values())) * sqrt(sum(v * v for v in cb.values())))
