"""Synthetic people: names from name-part frequencies, consistent gender, ethnicity, ages, IDs.

Every identifier derives from a province-wide person number ``p`` through bijections, so
personal IDs and Ministry IDs are unique without any shared state between schools.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from edu_pipeline.demo import vocab
from edu_pipeline.demo.data import Choice, Commune, ethnic_names, kinh_names

_PROV = Choice(list(vocab.PROVINCE_CODES), list(vocab.PROVINCE_CODES.values()))
_PROV_PY = Choice(list(vocab.PROVINCE_CODES_PHU_YEN), list(vocab.PROVINCE_CODES_PHU_YEN.values()))
_NORTH = Choice(list(vocab.NORTHERN_MINORITIES), list(vocab.NORTHERN_MINORITIES.values()))
HIGHLANDS = ("Ê-đê", "Mnông", "Gia-rai")


@dataclass(slots=True)
class Person:
    """One synthetic person; ``full_name`` is NFC in the old tone style ("Hòa")."""

    person_id: str
    family: str
    middle: str
    given: str
    order: str  # "kinh" (family middle given) | "clan_last" (Ê-đê, Mnông) | "clan_first"
    gender: str  # "Nam" | "Nữ"
    birth: date
    ethnicity: str
    citizen_id: str
    phone: str
    address: str
    moet_id: str = ""
    grade: str = ""
    class_name: str = ""
    digital_record: str = ""
    status: str = ""
    staff_code: str = ""
    email: str = ""
    position: str = ""
    subject: str = ""
    digital_skills: str = ""  # "yes" | "no"
    employment_status: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        if self.order == "clan_last":
            return f"{self.given} {self.family}"
        return " ".join(p for p in (self.family, self.middle, self.given) if p)

    def split_name(self) -> tuple[str, str]:
        """("Họ đệm", "Tên") as school software splits it: the last word is "Tên"."""
        head, _, last = self.full_name.rpartition(" ")
        return head, last


def citizen_number(p: int) -> str:
    """Six serial digits, unique for p < 1,000,000 (a bijection of Z/10^6)."""
    return f"{(p * 7919 + 104729) % 1_000_000:06d}"


def citizen_id(province: str, gender: str, birth_year: int, p: int) -> str:
    """``PPP G YY NNNNNN``: G is 0/1 (male/female, 1900s) or 2/3 (2000s).

    >>> citizen_id("066", "Nữ", 2012, 5)
    '066312144324'
    """
    century = 0 if birth_year < 2000 else 2
    g = century + (1 if gender == "Nữ" else 0)
    return f"{province}{g}{birth_year % 100:02d}{citizen_number(p)}"


def moet_id(p: int) -> str:
    """Ten-digit Ministry student ID, unique per p."""
    return str((p * 48271 + 2_503_656_229) % 9_000_000_000 + 1_000_000_000)


def phone(rng: random.Random) -> str:
    return rng.choice(vocab.MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only, for e-mails and sort keys."""
    nfd = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in nfd if ch.isascii() and ch.isalnum()).lower()


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class PersonFactory:
    """Draws people living in one commune."""

    def __init__(self, rng: random.Random, commune: Commune, as_of: date) -> None:
        self.rng = rng
        self.commune = commune
        self.as_of = as_of
        self.school_year = as_of.year if as_of.month >= 9 else as_of.year - 1

    def ethnicity(self, highlands_factor: float = 1.0) -> str:
        r = self.rng.random()
        share = self.commune.highlands_share * highlands_factor
        if r < share:
            return self.commune.highlands_mix.pick(self.rng)
        north = 0.06 if self.commune.former_province == "66" else 0.01
        return _NORTH.pick(self.rng) if r < share + north else "Kinh"

    def name(self, ethnicity: str, gender: str) -> tuple[str, str, str, str]:
        """(family, middle, given, order)."""
        rng = self.rng
        if ethnicity in HIGHLANDS:
            tables = ethnic_names()[ethnicity]
            assert tables.clans is not None
            order = "clan_first" if ethnicity == "Gia-rai" else "clan_last"
            return tables.clans.pick(rng), "", tables.given[gender].pick(rng), order
        kinh = kinh_names()
        surnames = ethnic_names()[ethnicity].surnames if ethnicity != "Kinh" else None
        family = (surnames or kinh.surname).pick(rng)
        return family, kinh.middle[gender].pick(rng), kinh.given[gender].pick(rng), "kinh"

    def province_code(self) -> str:
        return (_PROV_PY if self.commune.former_province == "54" else _PROV).pick(self.rng)

    def address(self) -> str:
        rng = self.rng
        if self.commune.kind == "Phường" and rng.random() < 0.6:
            return f"{rng.randrange(1, 400)} {rng.choice(vocab.STREETS)}, {self.commune.full_name}"
        hamlet = rng.choice(vocab.HAMLETS)
        place = rng.choice(vocab.BUON_NAMES) if hamlet == "Buôn" else str(rng.randrange(1, 16))
        return f"{hamlet} {place}, {self.commune.full_name}"

    def person(self, p: int, gender: str, birth: date, ethnicity: str) -> Person:
        family, middle, given, order = self.name(ethnicity, gender)
        cid = citizen_id(self.province_code(), gender, birth.year, p)
        return Person(
            f"P{p:07d}",
            family,
            middle,
            given,
            order,
            gender,
            birth,
            ethnicity,
            cid,
            phone(self.rng),
            self.address(),
        )

    def student(
        self, p: int, grade: int, class_name: str, grade_label: str, older: int = 0
    ) -> Person:
        rng = self.rng
        retained = 1 if grade >= 1 and rng.random() < 0.03 else 0  # repeated a grade
        year = self.school_year - 5 - grade - older - retained
        birth = random_date(rng, date(year, 1, 1), date(year, 12, 31))
        gender = "Nữ" if rng.random() < 0.49 else "Nam"
        person = self.person(p, gender, birth, self.ethnicity())
        if grade <= 0 and rng.random() < 0.05:
            person.citizen_id = ""  # young children sometimes have no ID number yet
        person.moet_id = moet_id(p)
        person.grade, person.class_name = grade_label, class_name
        person.status = "Đang học"
        if grade > 0:
            person.digital_record = "Đã ký số" if rng.random() < 0.65 else "Chưa ký"
        return person

    def staff(
        self, p: int, position: str, subject: str, school_slug: str, min_age: int = 23
    ) -> Person:
        rng = self.rng
        gender = "Nữ" if rng.random() < 0.7 else "Nam"
        max_age = 59 if gender == "Nam" else 55  # well below the 2026 retirement ages
        age = rng.randint(min_age, max_age)
        birth = random_date(
            rng,
            date(self.as_of.year - age - 1, self.as_of.month, 1),
            date(self.as_of.year - age, self.as_of.month, 1),
        )
        person = self.person(p, gender, birth, self.ethnicity(0.4))
        person.staff_code = f"CB{p % 1_000_000:06d}"
        person.position, person.subject = position, subject
        person.digital_skills = "yes" if rng.random() < 0.7 else "no"
        person.employment_status = "Đang làm việc"
        person.email = self.email(person, school_slug)
        return person

    def email(self, person: Person, school_slug: str) -> str:
        rng = self.rng
        given = ascii_fold(person.given.split(" ")[-1])
        initials = "".join(ascii_fold(w)[:1] for w in (person.family + " " + person.middle).split())
        domain = rng.choice(vocab.EMAIL_DOMAINS)
        if domain == "gmail.com":
            return f"{given}{initials}{person.birth.year % 100:02d}@gmail.com"
        return f"{given}{initials}.{school_slug}@{domain}"
