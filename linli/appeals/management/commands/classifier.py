import csv
import os
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linli.appeals import classifier


def read_labelled_csv(path: str) -> tuple[list[str], list[str]]:
    """Rows of a UTF-8 CSV (a BOM is allowed) whose header is ``text,label``; rows missing either are
    skipped. Raises CommandError in Chinese for a missing file, another encoding, a bad header or no rows."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到文件：{path}")
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip().lower() for h in next(reader, [])]
            if not header:
                raise CommandError(f"文件是空的：{path}")
            if "text" not in header or "label" not in header:
                raise CommandError(f"文件 {path} 的表头应为 text,label，实际为：{','.join(header)}")
            ti, li = header.index("text"), header.index("label")
            texts, labels = [], []
            for row in reader:
                text = row[ti].strip() if len(row) > ti else ""
                label = row[li].strip() if len(row) > li else ""
                if text and label:
                    texts.append(text)
                    labels.append(label)
    except UnicodeDecodeError:
        raise CommandError(f"文件 {path} 不是 UTF-8 编码。") from None
    except csv.Error as exc:
        raise CommandError(f"文件 {path} 不是有效的 CSV：{exc}") from None
    if not texts:
        raise CommandError(f"文件 {path} 没有数据行（需要 text 和 label 都不为空）。")
    return texts, labels


class Command(BaseCommand):
    help = "诉求自动分类：train 用已办结诉求重新训练；evaluate 用 CSV 评估；suggest 对一段文字给出建议分类。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        train = actions.add_parser("train", help="用已办结、已评价的诉求（加引导语料）重新训练并保存模型")
        train.add_argument(
            "--min-per-category",
            type=int,
            default=classifier.MIN_PER_CATEGORY,
            help=f"样本不足此数的分类用引导语料补足（默认 {classifier.MIN_PER_CATEGORY}）",
        )
        evaluate = actions.add_parser("evaluate", help="在 A.csv 上训练、在 B.csv 上评估（表头 text,label）")
        evaluate.add_argument("--train", required=True, help="训练集 CSV（UTF-8，表头 text,label）")
        evaluate.add_argument("--test", required=True, help="测试集 CSV（UTF-8，表头 text,label）")
        suggest = actions.add_parser("suggest", help="对一段诉求文字给出建议分类和置信度")
        suggest.add_argument("text", help="诉求内容")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    def _train(self, *, min_per_category, **_):
        data = classifier.db_training_set(min_per_category=min_per_category)
        kinds = len(set(data.labels))
        self.stdout.write(
            f"训练数据：已办结诉求 {data.from_appeals:,} 条，引导语料 {data.from_corpus:,} 条，"
            f"共 {len(data.texts):,} 条，{kinds} 个分类。"
        )
        held = classifier.holdout(data.texts, data.labels)
        if held is None:
            self.stdout.write("数据太少，未做留出集评估。")
        else:
            self.stdout.write(
                f"留出集评估（分层抽取 20%，{held['held_out']:,} 条）：准确率 {held['accuracy']:.4f}，"
                f"宏平均 F1 {held['macro_f1']:.4f}。"
            )
        model = classifier.train(data.texts, data.labels, source="appeals")
        model.info.update(from_appeals=data.from_appeals, from_corpus=data.from_corpus)
        path = classifier.save(model)
        self.stdout.write(f"模型已保存：{path}（训练用时 {model.info['seconds']:.1f} 秒）。")

    def _evaluate(self, *, train, test, **_):
        train_texts, train_labels = read_labelled_csv(train)
        test_texts, test_labels = read_labelled_csv(test)
        self.stdout.write(
            f"训练集 {len(train_texts):,} 条（{len(set(train_labels))} 个类别），测试集 {len(test_texts):,} 条。"
        )
        model = classifier.train(train_texts, train_labels, source=Path(train).name)
        started = time.perf_counter()
        predicted = model.predict(test_texts, workers=min(4, len(os.sched_getaffinity(0))))
        per_text_ms = (time.perf_counter() - started) * 1000 / len(test_texts)
        self.stdout.write(f"训练用时 {model.info['seconds']:.1f} 秒；预测 {per_text_ms:.2f} 毫秒/条。")
        truth, hits = (
            Counter(test_labels),
            Counter(t for t, p in zip(test_labels, predicted, strict=True) if t == p),
        )
        guessed = Counter(predicted)
        for label in sorted(truth | guessed):
            precision = hits[label] / guessed[label] if guessed[label] else 0.0
            recall = hits[label] / truth[label] if truth[label] else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            self.stdout.write(
                f"  {label}：测试 {truth[label]} 条，精确率 {precision:.4f}，召回率 {recall:.4f}，F1 {f1:.4f}"
            )
        result = classifier.scores_of(test_labels, predicted)
        self.stdout.write(f"accuracy={result['accuracy']:.4f} macro_f1={result['macro_f1']:.4f}")

    def _suggest(self, *, text, **_):
        model = classifier.current_model()
        category, confidence = classifier.suggest(text)
        source = (
            "内置引导模型"
            if model.info.get("source") == "bootstrap"
            else f"{model.info.get('trained_at')} 训练的模型"
        )
        if category is None:
            label, confidence = model.suggest(text)
            self.stdout.write(f"{label}（不是启用中的二级分类） 置信度 {confidence:.2f}  [{source}]")
        else:
            self.stdout.write(f"{category.code} {category} 置信度 {confidence:.2f}  [{source}]")
