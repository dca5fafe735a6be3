"""Auto-classification: the generated corpus, the classifier, `linli classifier`, and the suggestion
intake stores. Small corpora keep it to a few seconds; speed is measured in benchmarks/classifier.py."""

import csv
import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy.sparse import hstack

from linli.appeals import classifier, corpus
from linli.appeals.choices import Channel, Status
from linli.appeals.models import Appeal, Category
from linli.appeals.tests.factories import Cast

CONTRACT = re.compile(r"^accuracy=\d\.\d{4} macro_f1=\d\.\d{4}$")


@pytest.fixture
def no_saved_model(settings, tmp_path):
    settings.LINLI_CLASSIFIER_PATH = tmp_path / "models" / "appeal-classifier.joblib"
    return settings.LINLI_CLASSIFIER_PATH


def _write_csv(path, rows, *, bom=False, header=("text", "label")):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _run(*args) -> list[str]:
    out = StringIO()
    call_command("classifier", *args, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db
def test_corpus_is_deterministic_per_seed_and_covers_every_leaf_category():
    leaves = set(Category.objects.filter(parent__isnull=False).values_list("code", flat=True))
    rows = corpus.corpus(4, seed=7)
    assert rows == corpus.corpus(4, seed=7)
    assert rows != corpus.corpus(4, seed=8)
    assert {code for _, code in rows} == leaves == set(corpus.LEAF_CODES)
    assert len(rows) == 4 * len(leaves)
    assert all(5 <= len(text) <= 2000 and "[" not in text and "{" not in text for text, _ in rows)


def test_evaluate_prints_the_contract_line_last_and_learns_generated_appeals(tmp_path):
    train = _write_csv(tmp_path / "a.csv", corpus.corpus(30, seed=1), bom=True)
    test = _write_csv(tmp_path / "b.csv", corpus.corpus(10, seed=2))
    lines = _run("evaluate", "--train", str(train), "--test", str(test))
    assert CONTRACT.match(lines[-1]), lines[-1]
    accuracy, macro_f1 = (float(part.split("=")[1]) for part in lines[-1].split())
    assert macro_f1 >= 0.85 and accuracy >= 0.85
    assert "训练集 840 条（28 个类别），测试集 280 条。" in lines[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到文件"),
        ("", "文件是空的"),
        ("内容,分类\n电梯坏了,0103\n", "表头应为 text,label"),
        ("text,label\n", "没有数据行"),
        ("text,label\n,0103\n电梯坏了,\n", "没有数据行"),
    ],
)
def test_evaluate_refuses_a_bad_csv_in_chinese_with_a_nonzero_exit(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    good = _write_csv(tmp_path / "good.csv", [("电梯坏了", "0103"), ("路灯不亮", "0301")])
    with pytest.raises(CommandError, match=message) as raised:
        _run("evaluate", "--train", str(bad), "--test", str(good))
    assert raised.value.returncode == 1


def test_evaluate_refuses_a_file_that_is_not_utf8(tmp_path):
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("text,label\n电梯坏了,0103\n".encode("gbk"))
    with pytest.raises(CommandError, match="不是 UTF-8 编码"):
        _run("evaluate", "--train", str(bad), "--test", str(bad))


def test_training_needs_two_labels_and_works_with_exactly_two():
    with pytest.raises(ValueError, match="两个分类"):
        classifier.train(["电梯坏了", "电梯又坏了"], ["0103", "0103"])
    model = classifier.train(
        ["电梯坏了没人修", "路灯不亮了", "电梯困人", "路灯一闪一闪"], ["a", "b", "a", "b"]
    )
    label, confidence = model.suggest("电梯停了")
    assert label == "a" and 0.5 < confidence <= 1


def test_prediction_features_equal_scikit_learns():
    model = classifier.train(*zip(*corpus.corpus(5, seed=3), strict=True))
    texts = [text for text, _ in corpus.corpus(2, seed=4)] + ["！！！", "ＡＢＣ１２３电梯"]
    ours = model.features(texts)
    theirs = hstack([v.transform(texts) for v in model.vectorizers], format="csr")
    assert abs(ours - theirs).max() < 1e-5


_SPLIT_SCRIPT = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
django.setup()
from linli.appeals import classifier, corpus
assert classifier._fork_is_safe(), "the child process should be single-threaded"
model = classifier.train(*zip(*corpus.corpus(5, seed=3), strict=True))
texts = [text for text, _ in corpus.corpus(18, seed=4)]
assert len(texts) >= classifier.PARALLEL_MIN_TEXTS
assert model.predict(texts, workers=2) == model.predict(texts)
print("SPLIT-OK")
"""


def test_a_large_batch_split_over_two_processes_gets_the_same_answers(tmp_path):
    # In a fresh, single-threaded process, as the command line runs it (forking a threaded one can hang).
    import subprocess
    import sys

    env = {**os.environ, "LINLI_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _SPLIT_SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert "SPLIT-OK" in done.stdout, done.stderr[-2000:]


def test_a_threaded_process_never_forks_and_still_answers(monkeypatch):
    import threading

    model = classifier.train(*zip(*corpus.corpus(5, seed=3), strict=True))
    texts = [text for text, _ in corpus.corpus(18, seed=4)]
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        monkeypatch.setattr(classifier, "_forked_argmax", lambda *a: pytest.fail("forked a threaded process"))
        assert model.predict(texts, workers=2) == model.predict(texts)
    finally:
        stop.set()
        helper.join()


@pytest.mark.django_db
def test_suggest_returns_an_active_leaf_category_and_a_confidence(no_saved_model):
    category, confidence = classifier.suggest("3栋电梯又坏了，把人困在里面半个多小时")
    assert category.code == "0103" and category.is_leaf
    assert 0 <= confidence <= 1
    Category.objects.filter(code="0103").update(is_active=False)
    category, confidence = classifier.suggest("3栋电梯又坏了，把人困在里面半个多小时")
    assert category.code != "0103" and category.is_active and category.is_leaf and 0 <= confidence <= 1


def _handled(category, texts, status=Status.CLOSED):
    Appeal.objects.bulk_create(
        Appeal(channel=Channel.ON_BEHALF, text=t, category=category, status=status, reply="已处理。")
        for t in texts
    )


GARDEN = [
    "小区共享菜园的菜被人偷摘了，种了一个多月的青菜全没了",
    "共享菜园的浇水龙头坏了，菜都快旱死了",
    "想报名认领共享菜园的一块地，去哪里登记",
    "共享菜园有人乱堆肥料，味道很大",
    "共享菜园的篱笆倒了，狗跑进去把菜踩了",
    "共享菜园的地分配不公平，有人一家占了三块",
    "共享菜园里种的番茄被鸟啄了，能不能拉个网",
    "共享菜园的工具房锁坏了，锄头被人拿走了",
]


@pytest.mark.django_db
def test_train_learns_the_categories_staff_chose_for_handled_appeals(settings, tmp_path):
    settings.LINLI_CLASSIFIER_PATH = tmp_path / "model.joblib"
    garden = Category.objects.create(code="1190", name="共享菜园", parent=Category.objects.get(code="11"))
    _handled(garden, GARDEN[:5])
    _handled(garden, GARDEN[5:], status=Status.RATED)
    _handled(garden, ["共享菜园的事情还没人管"], status=Status.IN_PROGRESS)  # not handled yet: not learned
    _handled(Category.objects.get(code="0103"), ["电梯坏了"], status=Status.INVALID)

    lines = _run("train", "--min-per-category", "15")

    assert lines[0] == "训练数据：已办结诉求 8 条，引导语料 420 条，共 428 条，29 个分类。"
    assert "宏平均 F1" in lines[1] and "模型已保存" in lines[-1]
    assert settings.LINLI_CLASSIFIER_PATH.is_file()
    category, confidence = classifier.suggest("共享菜园的青菜又被人偷摘了")
    assert category == garden and 0 < confidence <= 1
    assert classifier.current_model().info["from_appeals"] == 8


@pytest.mark.django_db
def test_a_retrained_model_replaces_the_one_in_use_without_a_restart(no_saved_model):
    classifier.save(classifier.train(["电梯坏了", "路灯不亮"], ["0103", "0301"]), no_saved_model)
    assert classifier.current_model().labels == ["0103", "0301"]
    classifier.save(classifier.train(["电梯坏了", "路灯不亮", "燃气漏气了"], ["0103", "0301", "1003"]))
    assert classifier.current_model().labels == ["0103", "0301", "1003"]


@pytest.mark.django_db
def test_suggest_command_prints_code_name_and_confidence(no_saved_model):
    (line,) = _run("suggest", "楼上装修天天早上七点就开始打电钻，老人孩子都休息不好，能不能管管")
    assert re.match(r"^0601 噪音扰民/装修噪音 置信度 (0|1)\.\d\d  \[内置引导模型\]$", line), line


@pytest.fixture
def cast(world):
    return Cast(world)


def test_a_self_service_appeal_about_the_lift_gets_a_suggested_category(cast, no_saved_model):
    appeal = cast.report(text="我们单元的电梯又坏了，停在半层不动，老人下不了楼，请尽快派人修")
    assert appeal.category is None
    assert appeal.suggested_category.code == "0103"
    assert 0 < appeal.suggestion_confidence <= 1


def test_an_appeal_recorded_with_a_category_gets_no_suggestion(cast, no_saved_model):
    appeal = cast.report(category=Category.objects.get(code="0102"))
    assert appeal.suggested_category is None and appeal.suggestion_confidence is None


def test_a_failing_classifier_never_stops_intake(cast, monkeypatch, caplog):
    def broken(text):
        raise RuntimeError("model file is corrupt")

    monkeypatch.setattr(classifier, "suggest", broken)
    appeal = cast.report(text="我们单元的电梯又坏了，请尽快派人修")
    assert appeal.pk and appeal.status == Status.SUBMITTED
    assert appeal.suggested_category is None and appeal.suggestion_confidence is None
    assert "classifier failed" in caplog.text
