"""Re-derive the demo's compact data files from the shared reference data (developer tool).

Not imported at run time: the derived CSVs are committed next to this file. Run it again when
the shared reference files change::

    python -m edu_pipeline.demo.derive_data /work/shared/reference

See SOURCES.md for provenance and licences.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent

#: Sources of vn_name_part_frequencies.csv that carry male/female counts.
GENDERED_SOURCES = ("ngxson_dataset", "thpt_classlists_locle1011")
#: Communes whose name marks a Central Highlands area (synthetic assumption for the demo).
HIGHLANDS_MARKERS = (
    "Ea ",
    "Krông",
    "Cư ",
    "Buôn Đôn",
    "M'",
    "Dray",
    "Dur ",
    "Ia ",
    "Dliê",
    "Đắk",
    "Yang",
    "Dang",
    "Pơng",
    "Cuôr",
    "Vụ Bổn",
    "Liên Sơn",
    "Nam Ka",
    "Ea",
    "Sông Hinh",
    "Đức Bình",
)
#: Communes where Mnông people are the larger Highlands group (synthetic assumption).
MNONG_AREAS = {
    "Krông Nô",
    "Nam Ka",
    "Liên Sơn Lắk",
    "Đắk Liêng",
    "Đắk Phơi",
    "Buôn Đôn",
    "Krông Ana",
    "Ea Wer",
}
#: Highlands name particles that the name lists count as surnames; the demo draws them apart.
NOT_KINH_SURNAMES = {"Y", "K'", "Ka", "H'"}
OLD_TONE = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def old_tone_style(name: str) -> str:
    """Commune names in the source use the new style ("Hoà"); the demo keeps the old one."""
    out = []
    for word in name.split(" "):
        low = word.lower()
        for new, old in OLD_TONE.items():
            if low.endswith(new) and not low.startswith("qu"):
                word = word[:-2] + (old if word[-2].islower() else old.capitalize())
        out.append(word)
    return " ".join(out)


def derive_communes(reference: Path) -> None:
    data = json.loads((reference / "vn_admin_units_simplified.thanglequoc.json").read_text("utf-8"))
    province = next(p for p in data if p["Code"] == "66")
    rows = []
    for ward in province["Wards"]:
        name = ward["Name"]
        former = "54" if ward["Code"].startswith("22") else "66"
        highlands = any(name.startswith(m) for m in HIGHLANDS_MARKERS)
        share = 0.25 if highlands and former == "66" else 0.12 if highlands else 0.03
        kind = "Phường" if ward["FullName"].startswith("Phường") else "Xã"
        mix = (
            "0.15;0.05;0.80"
            if name.startswith("Ia ")
            else ("0.35;0.60;0.05" if name in MNONG_AREAS else "0.75;0.15;0.10")
        )
        rows.append([ward["Code"], name, kind, former, f"{share:.2f}", mix])
    with (HERE / "communes_dak_lak.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["code", "name", "kind", "former_province", "highlands_share", "mix_ede_mnong_jarai"]
        )
        writer.writerows(rows)


def derive_name_parts(reference: Path) -> None:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    with (reference / "vn_name_part_frequencies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            part, value = row["part"], old_tone_style(row["value"].strip())
            if part == "surname":
                totals[(part, value)][0] += int(row["count"])
            elif part in ("middle", "given") and row["source"] in GENDERED_SOURCES:
                acc = totals[(part, value)]
                acc[1] += int(row["male"] or 0)
                acc[2] += int(row["female"] or 0)
    out = []
    for (part, value), (count, male, female) in totals.items():
        if not value or any(ch.isdigit() for ch in value):
            continue
        if part == "surname" and count >= 150 and value not in NOT_KINH_SURNAMES:
            out.append((part, value, count, ""))
        elif part != "surname" and male + female >= (25 if part == "middle" else 15):
            out.append((part, value, male + female, f"{female / (male + female):.2f}"))
    out.sort(key=lambda r: (r[0], -r[2], r[1]))
    with (HERE / "name_parts.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["part", "value", "weight", "female_share"])
        writer.writerows(out)


def main(argv: list[str]) -> None:
    reference = Path(argv[1] if len(argv) > 1 else "/work/shared/reference")
    derive_communes(reference)
    derive_name_parts(reference)


if __name__ == "__main__":
    main(sys.argv)
