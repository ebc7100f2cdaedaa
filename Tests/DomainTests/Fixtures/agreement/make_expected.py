#!/usr/bin/env python3
"""Builds the inter-coder agreement fixtures and computes their expected values.

Run it from any directory with a virtual environment that has the reference packages:

    python3 -m venv /tmp/agreement-venv
    /tmp/agreement-venv/bin/pip install krippendorff nltk statsmodels scikit-learn numpy
    /tmp/agreement-venv/bin/python make_expected.py

It writes ratings_cases.json and character_cases.json next to itself. Every chance-corrected
value comes from an established package (krippendorff, nltk, statsmodels, scikit-learn), and
where two packages compute the same thing the script checks that they agree before writing.
Plain proportions and counts (units, coders, pairable values) follow their definitions directly.

Conventions shared with the Swift code:
- a rating is a set of labels; a coder missing from a unit is a missing rating and an empty set
  is a rating with no label;
- percent agreement and "any code in common" across all coders use complete units only; the
  pairwise versions use the units both coders rated; "any code in common" leaves out units whose
  compared ratings are all empty;
- Fleiss' kappa uses complete units only;
- a coefficient whose chance agreement is 1 (no variation) is undefined, not 1 or NaN.
"""

import json
import math
import random
import warnings
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, jaccard_distance, masi_distance
from sklearn.metrics import cohen_kappa_score, confusion_matrix
from statsmodels.stats.inter_rater import fleiss_kappa

HERE = Path(__file__).resolve().parent
CROSS_CHECK = 1e-9
# Stands in for the empty set when calling nltk, whose set distances divide by the union size.
# A sentinel label is disjoint from every real set, so the distances it produces (0 to itself,
# 1 to anything else) are exactly those of the empty set.
EMPTY_SENTINEL = "\u2205"


# ----------------------------------------------------------------------------------------------
# Case construction

def make_case(name, source, coders, units):
    """units: list of (unit id, {coder: list of labels}); absent coders are missing ratings."""
    return {
        "name": name,
        "source": source,
        "coders": coders,
        "units": [{"id": uid, "ratings": {c: sorted(r[c]) for c in coders if c in r}}
                  for uid, r in units],
    }


def labels_of(case):
    """Labels in order of first appearance, as the Swift builder numbers them."""
    seen = []
    for unit in case["units"]:
        for coder in case["coders"]:
            for label in unit["ratings"].get(coder, []):
                if label not in seen:
                    seen.append(label)
    return seen


def ratings_table(case):
    """units × coders list of frozensets, None for missing."""
    return [[frozenset(u["ratings"][c]) if c in u["ratings"] else None for c in case["coders"]]
            for u in case["units"]]


def presence_table(table, label):
    return [[None if r is None else (frozenset([label]) if label in r else frozenset())
             for r in row] for row in table]


# ----------------------------------------------------------------------------------------------
# Result rows

def row(measure, value, reason, units, dropped, coders, pairable, reference,
        code=None, pair=None, observed=None, chance=None):
    assert (value is None) != (reason is None), (measure, value, reason)
    if value is not None:
        assert math.isfinite(value), (measure, value)
    out = {"measure": measure, "code": code, "pair": pair, "value": value, "reason": reason,
           "units": units, "dropped": dropped, "coders": coders, "pairable": pairable,
           "reference": reference}
    if observed is not None:
        out["observed"] = observed
    if chance is not None:
        out["chance"] = chance
    return out


def set_key(s):
    return "|".join(sorted(s)) if s else "{}"


# ----------------------------------------------------------------------------------------------
# Krippendorff's alpha

DISTANCES = {
    "alpha_nominal": binary_distance,
    "alpha_masi": masi_distance,
    "alpha_jaccard": jaccard_distance,
}


def nltk_label(s, distance):
    if distance is binary_distance:
        return s
    return s if s else frozenset([EMPTY_SENTINEL])


def alpha_rows(table, coder_names, measure, code=None, pair=None):
    n_units = len(table)
    if len(coder_names) < 2:
        return row(measure, None, "fewer_than_two_coders", 0, n_units, 0, 0, "definition",
                   code, pair)
    pairable_units = [r for r in table if sum(v is not None for v in r) >= 2]
    used_coders = {j for r in pairable_units for j, v in enumerate(r) if v is not None}
    units = len(pairable_units)
    pairable = sum(sum(v is not None for v in r) for r in pairable_units)
    counts = dict(units=units, dropped=n_units - units, coders=len(used_coders),
                  pairable=pairable)
    if pairable == 0:
        return row(measure, None, "no_pairable_values", **counts, reference="definition",
                   code=code, pair=pair)
    distinct = {v for r in pairable_units for v in r if v is not None}
    if len(distinct) == 1:
        return row(measure, None, "no_variation", **counts, reference="definition",
                   code=code, pair=pair)

    distance = DISTANCES[measure]
    triples = [(coder_names[j], str(i), nltk_label(v, distance))
               for i, r in enumerate(table) for j, v in enumerate(r) if v is not None]
    by_nltk = AnnotationTask(data=triples, distance=distance).alpha()

    # The same alpha from the krippendorff package, with each distinct set as one value and the
    # set distance supplied as a lookup table.
    domain = sorted({v for r in table for v in r if v is not None}, key=set_key)
    index = {v: k for k, v in enumerate(domain)}
    lookup = np.array([[distance(nltk_label(a, distance), nltk_label(b, distance))
                        for b in domain] for a in domain], dtype=float)
    data = np.array([[np.nan if v is None else index[v] for v in r] for r in table], dtype=float).T

    def metric(v1, v2, i1, i2, n_v, dtype=np.float64):
        return lookup[i1, i2].astype(dtype)

    by_package = krippendorff.alpha(reliability_data=data, value_domain=list(range(len(domain))),
                                    level_of_measurement=metric if measure != "alpha_nominal"
                                    else "nominal")
    assert abs(by_nltk - by_package) < CROSS_CHECK, (measure, by_nltk, by_package)
    return row(measure, float(by_package), None, **counts,
               reference="krippendorff.alpha; nltk AnnotationTask.alpha agrees",
               code=code, pair=pair)


# ----------------------------------------------------------------------------------------------
# Fleiss' kappa, percent agreement, any code in common

def complete_rows(table):
    return [r for r in table if all(v is not None for v in r)]


def fleiss_row(table, n_coders, code=None):
    n_units = len(table)
    if n_coders < 2:
        return row("fleiss_kappa", None, "fewer_than_two_coders", 0, n_units, 0, 0,
                   "definition", code)
    complete = complete_rows(table)
    counts = dict(units=len(complete), dropped=n_units - len(complete),
                  coders=n_coders if complete else 0, pairable=len(complete) * n_coders)
    if not complete:
        return row("fleiss_kappa", None, "no_complete_units", **counts,
                   reference="definition", code=code)
    categories = sorted({v for r in complete for v in r}, key=set_key)
    counts_table = np.array([[sum(v == k for v in r) for k in categories] for r in complete])
    shares = counts_table.sum(axis=0) / counts_table.sum()
    chance = float((shares ** 2).sum())
    if len(categories) == 1:
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert not math.isfinite(fleiss_kappa(counts_table, method="fleiss"))
        return row("fleiss_kappa", None, "no_variation", **counts, reference="definition",
                   code=code)
    value = float(fleiss_kappa(counts_table, method="fleiss"))
    return row("fleiss_kappa", value, None, **counts,
               reference="statsmodels fleiss_kappa(method='fleiss')", code=code, chance=chance)


def proportion_row(measure, hits, total, n_units, n_coders, empty_reason, code=None, pair=None,
                   coders_used=None):
    if n_coders < 2:
        return row(measure, None, "fewer_than_two_coders", 0, n_units, 0, 0, "definition",
                   code, pair)
    counts = dict(units=total, dropped=n_units - total,
                  coders=(coders_used or n_coders) if total else 0,
                  pairable=total * (coders_used or n_coders))
    if total == 0:
        return row(measure, None, empty_reason, **counts, reference="definition",
                   code=code, pair=pair)
    return row(measure, hits / total, None, **counts, reference="definition",
               code=code, pair=pair, observed=hits / total)


def percent_all(table, n_coders, code=None):
    complete = complete_rows(table)
    hits = sum(len(set(r)) == 1 for r in complete)
    return proportion_row("percent_agreement", hits, len(complete), len(table), n_coders,
                          "no_complete_units", code)


def any_common_all(table, n_coders):
    complete = complete_rows(table)
    compared = [r for r in complete if any(r)]
    hits = sum(bool(frozenset.intersection(*r)) for r in compared)
    reason = "no_complete_units" if not complete else "no_coded_units"
    return proportion_row("any_code_in_common", hits, len(compared), len(table), n_coders, reason)


def shared_units(table, a, b):
    return [(r[a], r[b]) for r in table if r[a] is not None and r[b] is not None]


def percent_pair(table, a, b, pair, code=None):
    shared = shared_units(table, a, b)
    hits = sum(x == y for x, y in shared)
    return proportion_row("percent_agreement", hits, len(shared), len(table), 2,
                          "no_pairable_values", code, pair, coders_used=2)


def any_common_pair(table, a, b, pair):
    shared = shared_units(table, a, b)
    compared = [(x, y) for x, y in shared if x or y]
    hits = sum(bool(x & y) for x, y in compared)
    reason = "no_pairable_values" if not shared else "no_coded_units"
    return proportion_row("any_code_in_common", hits, len(compared), len(table), 2, reason,
                          pair=pair, coders_used=2)


def cohen_pair(table, a, b, pair, code=None, names=None):
    shared = shared_units(table, a, b)
    counts = dict(units=len(shared), dropped=len(table) - len(shared),
                  coders=2 if shared else 0, pairable=2 * len(shared))
    if not shared:
        return row("cohen_kappa", None, "no_pairable_values", **counts, reference="definition",
                   code=code, pair=pair)
    first = [set_key(x) for x, _ in shared]
    second = [set_key(y) for _, y in shared]
    if len(set(first) | set(second)) == 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert not math.isfinite(cohen_kappa_score(first, second))
        return row("cohen_kappa", None, "no_variation", **counts, reference="definition",
                   code=code, pair=pair)
    value = float(cohen_kappa_score(first, second))
    matrix = confusion_matrix(first, second)
    total = matrix.sum()
    observed = float(np.trace(matrix) / total)
    chance = float((matrix.sum(axis=1) * matrix.sum(axis=0)).sum() / total ** 2)
    # nltk's pairwise kappa divides by all items, so it is a valid cross-check only on the
    # shared units alone.
    task = AnnotationTask(data=[(c, str(i), v) for i, (x, y) in enumerate(shared)
                                for c, v in (("a", set_key(x)), ("b", set_key(y)))])
    assert abs(task.kappa_pairwise("a", "b") - value) < CROSS_CHECK, (pair, code)
    return row("cohen_kappa", value, None, **counts,
               reference="sklearn cohen_kappa_score; nltk kappa_pairwise agrees",
               code=code, pair=pair, observed=observed, chance=chance)


# ----------------------------------------------------------------------------------------------
# The full set of expected rows for one ratings case, mirroring AgreementReport

def expected_rows(case):
    coders = case["coders"]
    table = ratings_table(case)
    n = len(coders)
    rows = [percent_all(table, n), any_common_all(table, n), fleiss_row(table, n)]
    rows += [alpha_rows(table, coders, m) for m in DISTANCES]
    presence = {label: presence_table(table, label) for label in labels_of(case)}
    for label, binary in presence.items():
        rows += [percent_all(binary, n, code=label), fleiss_row(binary, n, code=label),
                 alpha_rows(binary, coders, "alpha_nominal", code=label)]
    for a, b in combinations(range(n), 2):
        pair = [coders[a], coders[b]]
        two = [[r[a], r[b]] for r in table]
        rows += [percent_pair(table, a, b, pair), any_common_pair(table, a, b, pair),
                 cohen_pair(table, a, b, pair), alpha_rows(two, pair, "alpha_nominal", pair=pair)]
        for label, binary in presence.items():
            rows += [percent_pair(binary, a, b, pair, code=label),
                     cohen_pair(binary, a, b, pair, code=label)]
    return rows


# ----------------------------------------------------------------------------------------------
# Generated data

def nominal_case(name, seed, n_units, coders, labels, p_missing, p_match):
    rng = random.Random(seed)
    units = []
    for i in range(n_units):
        truth = rng.choice(labels)
        ratings = {}
        for c in coders:
            if rng.random() < p_missing:
                continue
            ratings[c] = [truth if rng.random() < p_match else rng.choice(labels)]
        units.append((f"u{i + 1}", ratings))
    return make_case(name, f"generated by make_expected.py, seed {seed}", coders, units)


def multilabel_case(name, seed, n_units, coders, labels, p_missing, allow_empty):
    rng = random.Random(seed)
    units = []
    for i in range(n_units):
        truth = set(rng.sample(labels, rng.randint(1, 3)))
        ratings = {}
        for c in coders:
            if rng.random() < p_missing:
                continue
            # Sorted, because a set's iteration order changes with Python's string hashing.
            chosen = {label for label in sorted(truth) if rng.random() < 0.75}
            if rng.random() < 0.3:
                chosen.add(rng.choice(labels))
            if not chosen and not allow_empty:
                chosen = {rng.choice(sorted(truth))}
            ratings[c] = sorted(chosen)
        units.append((f"u{i + 1}", ratings))
    return make_case(name, f"generated by make_expected.py, seed {seed}", coders, units)


def matrix_case(name, source, coders, columns):
    """columns: per coder, one value per unit (None = missing); values become single labels."""
    units = []
    for i, values in enumerate(zip(*columns)):
        units.append((f"u{i + 1}", {c: [str(v)] for c, v in zip(coders, values) if v is not None}))
    return make_case(name, source, coders, units)


def ratings_cases():
    nan = None
    cases = [
        # The worked nominal example in the krippendorff package's documentation
        # (3 coders, 15 units, many missing ratings); documented alpha 0.691358.
        matrix_case("krippendorff_docs_nominal_3coders",
                    "krippendorff package documentation example (nominal alpha 0.691358)",
                    ["c1", "c2", "c3"],
                    [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
                     [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
                     [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]),
        # Krippendorff's four-coder, twelve-unit illustration with missing ratings, as quoted in
        # the krippendorff package's documentation; documented nominal alpha 0.743.
        matrix_case("krippendorff_docs_nominal_4coders",
                    "Krippendorff (2011) four-coder example (nominal alpha 0.743)",
                    ["A", "B", "C", "D"],
                    [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
                     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
                     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
                     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]),
        nominal_case("nominal_2coders", 11, 40, ["c1", "c2"], ["a", "b", "c", "d"], 0.1, 0.7),
        nominal_case("nominal_3coders_missing", 12, 60, ["c1", "c2", "c3"],
                     ["a", "b", "c", "d"], 0.15, 0.65),
        nominal_case("nominal_4coders_missing", 13, 50, ["c1", "c2", "c3", "c4"],
                     ["a", "b", "c"], 0.2, 0.6),
        multilabel_case("multilabel_2coders", 21, 40, ["c1", "c2"],
                        ["a", "b", "c", "d", "e"], 0.0, False),
        multilabel_case("multilabel_3coders_missing_empty", 22, 50, ["c1", "c2", "c3"],
                        ["a", "b", "c", "d", "e"], 0.12, True),
        multilabel_case("multilabel_4coders_missing", 23, 45, ["c1", "c2", "c3", "c4"],
                        ["a", "b", "c", "d"], 0.15, True),
        # Everyone applies the same single label: percent agreement is 1, every chance-corrected
        # coefficient is undefined.
        make_case("no_variation", "hand-made", ["c1", "c2", "c3"],
                  [(f"u{i}", {c: ["a"] for c in ["c1", "c2", "c3"] if not (i == 3 and c == "c2")})
                   for i in range(1, 7)]),
        make_case("one_coder", "hand-made", ["c1"],
                  [(f"u{i}", {"c1": [l]}) for i, l in enumerate(["a", "b", "a", "c"], 1)]),
        # No unit has two ratings, so nothing is pairable.
        make_case("no_pairable_values", "hand-made", ["c1", "c2"],
                  [("u1", {"c1": ["a"]}), ("u2", {"c2": ["b"]}), ("u3", {"c1": ["b"]}),
                   ("u4", {})]),
    ]
    # ATLAS.ti's percent-agreement illustration: ten segments, one code, two coders
    # (1 = code applied). Documented: 60 % agreement, 56 % expected by chance.
    coder1 = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    coder2 = [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
    cases.append(make_case(
        "atlasti_ten_segments",
        "ATLAS.ti manual, 'Methods for testing ICA' percent-agreement example "
        "(PA 60 %, chance agreement (9.6 + 1.6) / 20 = 56 %)",
        ["coder1", "coder2"],
        [(f"s{i + 1}", {"coder1": ["code"] if x else [], "coder2": ["code"] if y else []})
         for i, (x, y) in enumerate(zip(coder1, coder2))]))
    for case in cases:
        case["labels"] = labels_of(case)
        case["expected"] = expected_rows(case)
    check_documented(cases)
    return cases


def check_documented(cases):
    """The published figures must come out of the reference packages before we rely on them."""
    by_name = {c["name"]: c for c in cases}

    def find(case, measure, code=None, pair=None):
        return next(r for r in by_name[case]["expected"]
                    if r["measure"] == measure and r["code"] == code and r["pair"] == pair)

    assert round(find("krippendorff_docs_nominal_3coders", "alpha_nominal")["value"], 6) == 0.691358
    assert round(find("krippendorff_docs_nominal_4coders", "alpha_nominal")["value"], 3) == 0.743
    atlas = find("atlasti_ten_segments", "alpha_nominal", code="code")
    assert find("atlasti_ten_segments", "percent_agreement",
                pair=["coder1", "coder2"])["value"] == 0.6
    # Expected agreement = 1 − De; the manual rounds it to 56 %.
    n0, n1 = 14, 6
    chance = (n0 * (n0 - 1) + n1 * (n1 - 1)) / (20 * 19)
    assert round(chance, 2) == 0.56
    atlas["chance"] = chance
    observed = 1 - 2 * 4 / 20  # four disagreeing units, each two ordered pairs, over n = 20
    atlas["observed"] = observed
    assert abs(atlas["value"] - (1 - (1 - observed) / (1 - chance))) < CROSS_CHECK


# ----------------------------------------------------------------------------------------------
# Character-level (NVivo coding comparison)

def coverage(length, ranges):
    covered = np.zeros(length, dtype=bool)
    for start, end in ranges:
        covered[start:end] = True
    return covered


def character_comparison(length, ranges_a, ranges_b):
    a = coverage(length, ranges_a)
    b = coverage(length, ranges_b)
    both = int((a & b).sum())
    a_only = int((a & ~b).sum())
    b_only = int((~a & b).sum())
    neither = int((~a & ~b).sum())
    out = {"characters": length, "both": both, "a_only": a_only, "b_only": b_only,
           "neither": neither}
    counts = dict(units=length, dropped=0, coders=2, pairable=2 * length)
    if length == 0:
        out["percent"] = row("character_percent_agreement", None, "empty_document", 0, 0, 0, 0,
                             "definition")
        out["kappa"] = row("character_kappa", None, "empty_document", 0, 0, 0, 0, "definition")
        return out
    share = (both + neither) / length
    out["percent"] = row("character_percent_agreement", share, None, **counts,
                         reference="definition (NVivo: coded by both + by neither, over all)")
    pa, pb = a.mean(), b.mean()
    chance = float(pa * pb + (1 - pa) * (1 - pb))
    constant = (not a.any() and not b.any()) or (a.all() and b.all())
    if constant:
        out["kappa"] = row("character_kappa", None, "no_variation", **counts,
                           reference="definition")
    else:
        value = float(cohen_kappa_score(a.astype(int), b.astype(int)))
        out["kappa"] = row("character_kappa", value, None, **counts,
                           reference="sklearn cohen_kappa_score on per-character 0/1 vectors",
                           chance=chance)
        # The chance term must be the sum of the both-coded and both-uncoded products; the
        # product of the two, taken over coded characters only, is a known mistake.
        coded = both + a_only + b_only
        if coded:
            p_yes = (both + a_only) / coded * (both + b_only) / coded
            p_no = (coded - both - a_only) / coded * (coded - both - b_only) / coded
            wrong_chance = p_yes * p_no
            wrong = (both / coded - wrong_chance) / (1 - wrong_chance)
            # Kept only where the two differ; where one side coded nothing both give 0.
            if abs(wrong - value) > 0.01:
                out["wrong_product_kappa"] = wrong
    return out


def character_cases():
    # NVivo's help: a 1000-character source, 50 characters coded by both users, 150 by one of
    # them only, 800 by neither: percentage agreement (800 + 50) / 1000 = 85 %. The help does not
    # say how the 150 split between the users; here user A has 100 and user B 50.
    nvivo = {"id": "nvivo_help_example", "length": 1000,
             "codings": [{"coder": "A", "code": "node", "start": 0, "end": 150},
                         {"coder": "B", "code": "node", "start": 100, "end": 200}]}
    rng = random.Random(31)
    documents = [nvivo]
    for doc_id, length in [("d1", 800), ("d2", 1500), ("d3", 2400)]:
        codings = []
        for code in ["x", "y"]:
            # Passages that "should" be coded; each coder finds most of them, with ragged
            # edges, and adds a stray range now and then (sometimes overlapping its own).
            passages = []
            for _ in range(rng.randint(2, 4)):
                start = rng.randrange(0, length - 250)
                passages.append((start, start + rng.randint(40, 240)))
            for coder in ["c1", "c2", "c3"]:
                spans = [(max(0, s + rng.randint(-25, 25)), min(length, e + rng.randint(-25, 25)))
                         for s, e in passages if rng.random() < 0.8]
                if rng.random() < 0.5:
                    start = rng.randrange(0, length - 60)
                    spans.append((start, start + rng.randint(10, 60)))
                codings += [{"coder": coder, "code": code, "start": s, "end": e}
                            for s, e in spans if s < e]
        documents.append({"id": doc_id, "length": length, "codings": codings})
    # Only c1 uses code z, and only in d2: c1 against c2 gives kappa 0 there.
    documents[2]["codings"].append({"coder": "c1", "code": "z", "start": 100, "end": 400})
    # c1 and c2 both code all of d1 at code "all": chance agreement 1, kappa undefined.
    for coder in ["c1", "c2"]:
        documents[1]["codings"].append({"coder": coder, "code": "all", "start": 0, "end": 800})
    documents.append({"id": "empty", "length": 0, "codings": []})

    def ranges(doc, coders, code):
        return [(c["start"], c["end"]) for c in doc["codings"]
                if c["coder"] in coders and c["code"] == code]

    comparisons = []
    setups = [(["A"], ["B"], ["node"], ["nvivo_help_example"]),
              (["c1"], ["c2"], ["x", "y", "z", "all", "w"], ["d1", "d2", "d3", "empty"]),
              (["c1", "c3"], ["c2"], ["x", "y"], ["d1", "d2", "d3"])]
    for side_a, side_b, codes, doc_ids in setups:
        for doc in documents:
            if doc["id"] not in doc_ids:
                continue
            for code in codes:
                result = character_comparison(doc["length"], ranges(doc, side_a, code),
                                              ranges(doc, side_b, code))
                comparisons.append({"document": doc["id"], "code": code, "side_a": side_a,
                                    "side_b": side_b, **result})
    assert comparisons[0]["percent"]["value"] == 0.85  # NVivo's documented figure

    pooled = []
    for code in ["x", "y"]:
        docs = [d for d in documents if d["id"] in ("d1", "d2", "d3")]
        a = np.concatenate([coverage(d["length"], ranges(d, ["c1"], code)) for d in docs])
        b = np.concatenate([coverage(d["length"], ranges(d, ["c2"], code)) for d in docs])
        pooled.append({"code": code, "side_a": ["c1"], "side_b": ["c2"],
                       "documents": [d["id"] for d in docs],
                       "kappa": float(cohen_kappa_score(a.astype(int), b.astype(int))),
                       "percent": float((a == b).mean())})
    return {"documents": documents, "comparisons": comparisons, "pooled": pooled}


def write(name, payload):
    path = HERE / name
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.name}")


if __name__ == "__main__":
    write("ratings_cases.json", ratings_cases())
    write("character_cases.json", character_cases())
