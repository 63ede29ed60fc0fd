"""The demo's data files (communes, name parts, Highlands names, header wordings), loaded once.

Every table is turned into :class:`Choice` samplers so that drawing a value is one bisect.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).parent
GENDERS = ("Nam", "Nữ")


class Choice:
    """Weighted sampler over a fixed list of values.

    >>> Choice(["a", "b"], [1, 0]).pick(random.Random(1))
    'a'
    """

    __slots__ = ("_cum", "_total", "values")

    def __init__(self, values: list[str], weights: list[float]) -> None:
        self.values = values
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect_right(self._cum, rng.random() * self._total)]


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str  # "Xã" / "Phường"
    former_province: str  # "66" Đắk Lắk or "54" Phú Yên (merged 1 Jul 2025)
    highlands_share: float
    highlands_mix: Choice  # over ("Ê-đê", "Mnông", "Gia-rai")

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


def _read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def communes() -> tuple[Commune, ...]:
    out = []
    for row in _read("communes_dak_lak.csv"):
        mix = [float(x) for x in row["mix_ede_mnong_jarai"].split(";")]
        out.append(
            Commune(
                row["code"],
                row["name"],
                row["kind"],
                row["former_province"],
                float(row["highlands_share"]),
                Choice(["Ê-đê", "Mnông", "Gia-rai"], mix),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class NameTables:
    surname: Choice
    middle: dict[str, Choice]  # by gender
    given: dict[str, Choice]  # by gender


@cache
def kinh_names() -> NameTables:
    """Kinh name parts from name_parts.csv; middle and given names drawn per gender."""
    rows = _read("name_parts.csv")
    surnames = [r for r in rows if r["part"] == "surname"]
    tables: dict[str, dict[str, Choice]] = {}
    for part in ("middle", "given"):
        tables[part] = {}
        for gender in GENDERS:
            vals, weights = [], []
            for r in rows:
                if r["part"] != part:
                    continue
                share = float(r["female_share"])
                share = share if gender == "Nữ" else 1 - share
                if share >= 0.7:  # keep names that clearly fit the gender
                    vals.append(r["value"])
                    weights.append(float(r["weight"]) * share)
            tables[part][gender] = Choice(vals, weights)
    return NameTables(
        Choice([r["value"] for r in surnames], [float(r["weight"]) for r in surnames]),
        tables["middle"],
        tables["given"],
    )


@dataclass(frozen=True)
class EthnicNames:
    clans: Choice | None
    given: dict[str, Choice]
    surnames: Choice | None


@cache
def ethnic_names() -> dict[str, EthnicNames]:
    """Highlands clans/given names and northern minorities' surnames by ethnicity."""
    parts: dict[tuple[str, str, str], tuple[list[str], list[float]]] = defaultdict(lambda: ([], []))
    for r in _read("highlands_names.csv"):
        vals, weights = parts[(r["ethnicity"], r["part"], r["gender"])]
        vals.append(r["value"])
        weights.append(float(r["weight"]))
    out: dict[str, EthnicNames] = {}
    for eth in {k[0] for k in parts}:

        def get(part: str, gender: str = "", eth: str = eth) -> Choice | None:
            found = parts.get((eth, part, gender))
            return Choice(*found) if found else None

        given = {g: c for g in GENDERS if (c := get("given", g)) is not None}
        out[eth] = EthnicNames(get("clan"), given, get("surname"))
    return out


@cache
def header_variants() -> dict[tuple[str, str], Choice]:
    """(field, dataset) -> sampler of header wordings; dataset "all" rows apply to both."""
    grouped: dict[tuple[str, str], tuple[list[str], list[float]]] = defaultdict(lambda: ([], []))
    for r in _read("header_variants.csv"):
        targets = ("students", "teachers") if r["dataset"] == "all" else (r["dataset"],)
        for ds in targets:
            vals, weights = grouped[(r["field"], ds)]
            vals.append(r["wording"])
            weights.append(float(r["weight"]))
    return {k: Choice(*v) for k, v in grouped.items()}
