"""Text classification of incoming cases, in plain Python.

A multinomial naive Bayes over words and word pairs (Laplace smoothing),
trained on the suite's own resolved cases, and keyword rules for when there
is no history yet. Both give a label and a confidence in [0, 1]; below the
threshold the case waits for an agent.

The trained model is a plain dict (JSON-serialisable) so it can be kept on
a record and loaded without a training pass.
"""

import math
import re
from collections import Counter

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOP = frozenset(
    """the and for you your our are was were has have had this that with from
    not but can will would could should please thanks thank regards dear
    hello hi kind best any all its it's into about there their they them
    what when which who how also just been being here more some than then
    very need want know let get got out off per via yet one two may might
    order""".split()
)


def tokens(text):
    """Lower-case words of 3+ letters outside the stop list, and the pairs
    of consecutive ones (pairs keep "not delivered" apart from "delivered")."""
    words = [w for w in WORD.findall((text or "").lower()) if w not in STOP]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def train(samples):
    """samples: iterable of (text, label). Returns the model dict."""
    docs = Counter()
    counts = {}
    for text, label in samples:
        label = str(label)
        docs[label] += 1
        counts.setdefault(label, Counter()).update(tokens(text))
    vocabulary = set()
    for counter in counts.values():
        vocabulary.update(counter)
    return {
        "docs": dict(docs),
        "counts": {label: dict(counter) for label, counter in counts.items()},
        "totals": {label: sum(counter.values()) for label, counter in counts.items()},
        "vocabulary": len(vocabulary),
    }


def predict(model, text):
    """(label, confidence) of the most probable label; (None, 0.0) for an
    empty model.

    Naive Bayes counts every word as independent evidence, so its raw
    posterior is near 1 for almost any mail of a few lines. The confidence
    is the posterior with the log-likelihoods tempered by the square root of
    the number of known words: on held-out mails it is then right about as
    often as it claims, and an unsure mail stays below the threshold."""
    docs = model.get("docs") or {}
    if not docs:
        return None, 0.0
    n_docs = sum(docs.values())
    vocabulary = model["vocabulary"] + 1
    words = [w for w in tokens(text) if any(w in c for c in model["counts"].values())]
    scores = {}
    for label, n in docs.items():
        counts = model["counts"][label]
        denominator = model["totals"][label] + vocabulary
        score = math.log(n / n_docs)
        for word in words:
            score += math.log((counts.get(word, 0) + 1) / denominator)
        scores[label] = score
    temperature = math.sqrt(max(len(words), 1))
    top = max(scores.values())
    weights = {
        label: math.exp((score - top) / temperature) for label, score in scores.items()
    }
    total = sum(weights.values())
    label = max(weights, key=weights.get)
    return label, weights[label] / total


def keyword_rules(rules, text):
    """rules: {label: [keywords or phrases]}. The label with the most hits
    and a confidence that grows with its hits and falls with rival hits
    (one hit alone 0.67, two 0.8, one against one 0.4)."""
    lowered = " ".join(re.findall(r"\w+", (text or "").lower()))
    hits = {}
    for label, keywords in rules.items():
        found = sum(
            1
            for keyword in keywords
            if keyword and re.search(rf"\b{re.escape(keyword)}\b", lowered)
        )
        if found:
            hits[str(label)] = found
    if not hits:
        return None, 0.0
    label = max(hits, key=hits.get)
    return label, hits[label] / (sum(hits.values()) + 0.5)


def accuracy(model, samples):
    """Share of `samples` (text, label) the model labels right."""
    samples = list(samples)
    if not samples:
        return 0.0
    right = sum(1 for text, label in samples if predict(model, text)[0] == str(label))
    return right / len(samples)


# Keyword rules of the seed categories (by their code): what decides before
# the company has resolved cases to learn from. Managers tune them on the
# category.
SEED_KEYWORDS = {
    "delayed_shipment": "late, delay, delayed, still waiting, not arrived, "
    "not received, where is, tracking, when will, eta, overdue, expected delivery",
    "short_shipment": "missing, short, shortage, incomplete, fewer, only received, "
    "less than ordered, partial, quantity wrong, not all",
    "damaged_goods": "damaged, broken, crushed, leaking, dented, cracked, defective, "
    "torn, wet, smashed, photo",
    "return_request": "return, send back, sending back, rma, wrong item, "
    "no longer needed, ordered by mistake, exchange, return label",
    "invoice_dispute": "invoice, invoiced, billing, billed, overcharged, credit, "
    "price difference, charged twice, payment, vat, discount",
    "product_inquiry": "datasheet, specification, compatible, availability, "
    "alternative, dimensions, certificate, lead time, stock level, quote",
}
