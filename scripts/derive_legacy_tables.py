"""Regenerate the bundled reference tables of ``edu_pipeline/reference`` from ``../shared``.

The project never reads ``../shared`` at run time: this script is run by a developer when the
shared reference files change, and its output (small CSV files of public facts) is committed.

Usage::

    .venv/bin/python scripts/derive_legacy_tables.py [--shared ../shared/reference]

Every table is *derived* (re-computed, cross-checked, re-written in our own layout), never a
copy of a GPL/LGPL file; see ``edu_pipeline/reference/SOURCES.md``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from edu_pipeline.vietnamese.legacy_fonts import decode_tcvn3, decode_vni  # noqa: E402
from edu_pipeline.vietnamese.syllables import (  # noqa: E402
    is_minority_word,
    is_vietnamese_syllable,
)
from edu_pipeline.vietnamese.text import apply_tone_style, fold_key  # noqa: E402

OUT = REPO / "edu_pipeline" / "reference"
DEFAULT_SHARED = REPO.parent / "shared" / "reference"


def _write(name: str, header: list[str], rows: list[list[object]]) -> None:
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {path.relative_to(REPO)} ({len(rows)} rows)")


# --------------------------------------------------------------------------- legacy fonts
def _glibc_tcvn(shared: Path) -> dict[str, int]:
    """Unicode char -> single byte, from the glibc TCVN5712-1 charmap (bytes 0xA1-0xFE only,
    the part TCVN3/ABC fonts share with VN1)."""
    out: dict[str, int] = {}
    pattern = re.compile(r"^<U([0-9A-F]{4})>\s+/x([0-9a-f]{2})\s")
    for line in (shared / "glibc_charmap_TCVN5712-1.txt").read_text(encoding="utf-8").splitlines():
        m = pattern.match(line)
        if m and int(m.group(2), 16) >= 0xA1:
            out[chr(int(m.group(1), 16))] = int(m.group(2), 16)
    return out


def derive_legacy(shared: Path) -> None:
    glibc = _glibc_tcvn(shared)
    tcvn3: list[list[object]] = []
    vni: list[list[object]] = []
    with (shared / "vn_legacy_charsets_derived.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            char = row["unicode"]
            for font, rows in (("tcvn3", tcvn3), ("vni", vni)):
                raw = bytes.fromhex(row[f"{font}_hex"])
                seen = raw.decode("cp1252")
                assert seen == row[f"{font}_as_cp1252"], (font, char)
                rows.append([char, f"U+{ord(char):04X}", raw.hex(" ").upper(), seen])
            t_raw = bytes.fromhex(row["tcvn3_hex"])
            if len(t_raw) == 1:  # single byte: must agree with the national standard layout
                assert glibc[char] == t_raw[0], char
            else:  # capital = base letter byte + lower-case toned byte (ABC convention)
                assert glibc.get(char.lower()) == t_raw[1], char
    _write("legacy_tcvn3.csv", ["unicode", "unicode_hex", "legacy_hex", "legacy_cp1252"], tcvn3)
    _write("legacy_vni.csv", ["unicode", "unicode_hex", "legacy_hex", "legacy_cp1252"], vni)


def check_cp1258(shared: Path) -> None:
    """Python's ``cp1258`` codec must agree with the WHATWG index on every byte it defines;
    the WHATWG index maps the 9 bytes Python leaves undefined to the C1 control of the same
    value, which ``decode_windows_1258`` reproduces. Nothing is bundled."""
    whatwg: dict[int, int] = {}
    for line in (shared / "whatwg_index-windows-1258.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pointer, code = line.split()[:2]
            whatwg[0x80 + int(pointer)] = int(code, 16)
    for byte, code in whatwg.items():
        try:
            assert ord(bytes([byte]).decode("cp1258")) == code, hex(byte)
        except UnicodeDecodeError:
            assert code == byte, hex(byte)
    print("cp1258: Python codec agrees with the WHATWG index")


# --------------------------------------------------------------------------- admin codes
def derive_provinces(shared: Path) -> None:
    """Citizen-ID province codes = "0" + the GSO code of the 63 pre-2025 provinces."""
    names: dict[str, str] = {}
    path = shared / "vn_admin_pre2025_wards_2025-01-04.sunshine-tech.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = re.sub(r"^(Thành phố|Tỉnh)\s+", "", row["Tỉnh Thành Phố"].strip())
            names[row["Mã TP"].strip().zfill(2)] = name
    assert len(names) == 63, len(names)
    # Old-style tone marks like the rest of the project ("Hoà Bình" -> "Hòa Bình").
    rows = [[f"0{c}", apply_tone_style(name, "old"), c] for c, name in sorted(names.items())]
    _write("citizen_id_provinces.csv", ["code", "province", "gso_code"], rows)


# --------------------------------------------------------------------------- code lists
# Spellings schools type that the official list does not carry (international / Highlands
# orthographies and spacing variants); curated, matched only after the official names.
COMMON_SPELLINGS = {
    "Kinh": "Việt Nam",
    "Gia-rai": "Jrai;Jarai;Gia Rai",
    "Ê-đê": "Ê Đê;Êđê;Rhade;Rađê",
    "Ba-na": "Bahnar;Ba Na",
    "Xơ-đăng": "Sedang;Xê Đăng",
    "Mnông": "M'nông;Mơ Nông;Mơnông",
    "Hmông": "H'Mông;Mông;Hmong",
    "Khơ-me": "Khmer;Khơ Me",
    "Cơ-ho": "K'Ho;Koho",
    "Xtiêng": "Stiêng",
    "Chăm": "Cham",
    "Khơ-mú": "Khmu;Khơ Mú",
    "Ra-glai": "Raglai",
    "Chu-ru": "Churu",
    "Gié-Triêng": "Giẻ Triêng",
    "Người nước ngoài": "Nước ngoài",
}


def derive_ethnic_groups(shared: Path) -> None:
    rows = []
    with (shared / "csdl_nganh_dm_dan_toc.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["Tên dân tộc"].strip()
            other = ";".join(p.strip() for p in row["Tên khác"].split(",") if p.strip())
            rows.append([row["Mã dân tộc"].strip(), name, other, COMMON_SPELLINGS.get(name, "")])
    assert {r[1] for r in rows} >= set(COMMON_SPELLINGS)
    _write("ethnic_groups.csv", ["code", "name", "other_names", "common_spellings"], rows)


def derive_gender(shared: Path) -> None:
    """Official codes from the CSDL ngành list plus the spellings schools type."""
    official: dict[str, str] = {}
    with (shared / "csdl_nganh_dm_gioi_tinh.csv").open(encoding="utf-8") as fh:
        for row in list(csv.reader(fh))[2:]:
            if len(row) >= 3 and row[1].strip():
                official[row[1].strip()] = row[2].strip()
    assert set(official.values()) == {"Nam", "Nữ"}, official
    typed = {
        "Nam": ["nam", "trai", "male", "m", "boy", "con trai"],
        "Nữ": ["nữ", "nu", "nũ", "gái", "gai", "female", "f", "girl", "con gái", "nử", "nư"],
    }
    rows: list[list[object]] = []
    for code, name in sorted(official.items()):
        rows.append([code, name, "official code"])
        rows.append([str(int(code)), name, "official code without leading zero"])
        rows += [[spelling, name, "typed spelling"] for spelling in typed[name]]
    _write("gender_synonyms.csv", ["synonym", "gender", "kind"], rows)


# --------------------------------------------------------------------------- family names
# Clan names of the Central Highlands peoples. Public facts (they appear in any published list
# of Ê-đê / Gia-rai / Mnông / Ba-na names); curated by hand, kept short and conservative.
# ordering: "clan_last" (Ê-đê, Mnông: "H'Hen Niê"), "clan_first" (Gia-rai: "Ksor H'Bia"),
# "family_first" (Kinh, Ba-na, Xơ-đăng written the Kinh way: "Đinh Văn A").
HIGHLAND_CLANS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "Niê",
            "Niê Kdăm",
            "Êban",
            "Mlô",
            "Mlô Duôn Du",
            "Byă",
            "Adrơng",
            "Buôn Yă",
            "Buôn Krông",
            "Hwing",
            "Knul",
            "Bkrông",
            "Hmok",
            "Ayun",
            "Êñuôl",
            "Hđơk",
            "Mdrang",
            "Kbuôr",
            "Ktla",
            "Alê",
            "Ksơr",
        ),
        ("Ê-đê", "clan_last"),
    ),
    **dict.fromkeys(("Điểu", "Bing", "Liêng"), ("Mnông", "clan_last")),
    **dict.fromkeys(
        (
            "Ksor",
            "Rơ Châm",
            "Rơ Mah",
            "Rơ Lan",
            "Siu",
            "Nay",
            "Kpă",
            "Rcom",
            "Puih",
            "Kpuih",
            "Rahlan",
        ),
        ("Gia-rai", "clan_first"),
    ),
    "Đinh": ("Ba-na;Xơ-đăng", "family_first"),
}


def _split_words(text: str) -> list[str]:
    return text.split()


# Parts the name lists mis-split as surnames: gender prefixes, middle names, misspellings.
NOT_SURNAMES = frozenset(
    _split_words("Văn Thị Y A K' Ka' Ka Kơ Rơ Ngọc Trang Long Linh Liên Hồng Quang Hoa Đổ Vỏ")
)


def derive_family_names(shared: Path, min_count: int = 30) -> None:
    counts: Counter[str] = Counter()
    with (shared / "vn_name_part_frequencies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["part"] == "surname":
                counts[unicodedata.normalize("NFC", row["value"].strip())] += int(row["count"])
    rows: dict[str, list[object]] = {}
    for name, count in counts.most_common():
        if count >= min_count and name not in NOT_SURNAMES and name.isalpha():
            rows[name] = [name, "Kinh", "family_first", count, "name-part frequencies"]
    for name, (people, ordering) in HIGHLAND_CLANS.items():
        count = counts.get(name, "")
        if name in rows:  # e.g. Đinh: a Kinh surname that Highlands peoples also use
            rows[name][1] = f"Kinh;{people}"
        else:
            rows[name] = [name, people, ordering, count, "curated clan list"]
    header = ["name", "people", "ordering", "count", "source"]
    _write("family_names.csv", header, list(rows.values()))


def derive_name_syllables(shared: Path, min_count: int = 5) -> None:
    """How common each name syllable is (family, middle and given parts summed), so that
    legacy-font detection can tell "Thò" (VNI for "Thị") from a real word."""
    counts: Counter[str] = Counter()
    with (shared / "vn_name_part_frequencies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["part"] in ("surname", "middle_token", "given"):
                for word in row["value"].split():
                    counts[fold_key(word)] += int(row["count"])

    def mis_encoded(word: str) -> bool:  # "thò" in the source lists is VNI for "thị"
        decoded = {decode_vni(word), decode_tcvn3(word)} - {word}
        return any(counts.get(fold_key(d), 0) >= 100 * counts[word] for d in decoded)

    rows = [
        [word, count]
        for word, count in counts.most_common()
        if count >= min_count
        and (is_vietnamese_syllable(word) or is_minority_word(word))
        and not mis_encoded(word)
    ]
    _write("name_syllables.csv", ["syllable", "count"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument(
        "--only", choices=["legacy", "provinces", "ethnic", "gender", "family", "syllables"]
    )
    args = parser.parse_args()
    steps = {
        "legacy": lambda: (derive_legacy(args.shared), check_cp1258(args.shared)),
        "provinces": lambda: derive_provinces(args.shared),
        "ethnic": lambda: derive_ethnic_groups(args.shared),
        "gender": lambda: derive_gender(args.shared),
        "family": lambda: derive_family_names(args.shared),
        "syllables": lambda: derive_name_syllables(args.shared),
    }
    for name, step in steps.items():
        if args.only in (None, name):
            step()


if __name__ == "__main__":
    main()
