"""Scoring shared by the benchmarks: the same code scores every tool."""


def score(gold, pred, keep=None):
    """Accuracy and macro-F1 (mean over gold labels present; any other prediction is an error)
    over the lines whose gold label is in `keep` (all lines when None)."""
    pairs = [(g, p) for g, p in zip(gold, pred) if keep is None or g in keep]
    n = len(pairs)
    labels = sorted({g for g, _ in pairs})
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    correct = 0
    for g, p in pairs:
        if g == p:
            tp[g] += 1
            correct += 1
        else:
            fn[g] += 1
            if p in fp:
                fp[p] += 1
    f1s = []
    for lab in labels:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {"n": n, "labels": len(labels), "accuracy": correct / n if n else 0.0,
            "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0}
