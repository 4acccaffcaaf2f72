"""Fill a database with deterministic benchmark data at a named scale, through the app's own models.

    python -m bench.generate S sqlite:////work/bench-data/s.sqlite3
    python -m bench.generate L postgresql://thidua:thidua@127.0.0.1:5432/thidua_bench

S is one provincial Committee (15 units, 300 people, 3 years); L is the ministry that gathers every province
(5,000 units, 200,000 people, 20,000 users, 1,000,000 award-history rows, 200,000 dossiers over 10 years,
2,000,000 audit rows). M sits between, for trying things quickly. The target database must be empty: the
schema is migrated first, then every table is filled with multi-row INSERTs (Model.insert_many) carrying
their own ids, so that foreign keys need no read-back; PostgreSQL sequences are moved past them at the end.

The audit rows form a valid hash chain (`flask --app app verify-audit` passes), computed here the same way
thidua/audit_chain.py does. One council session is left open for voting, through the app's own workflow, so
that the benchmark can cast fifty ballots at once. Every bench account's password is BENCH_PASSWORD.
"""
from __future__ import annotations

import argparse
import datetime
import functools
import os
import random
import sys
import time
from dataclasses import dataclass

from bench.vnnames import (DEPARTMENTS, ETHNICITY_WEIGHTS, POSITIONS_COMMUNITY, POSITIONS_STAFF, PROVINCES, Names,
                           Picker, district_name)

BENCH_PASSWORD = "Bench@Thidua2026"  # nosec B105 - the published password of generated benchmark accounts
SEED = 20260101
LAST_YEAR = 2026  # the year in progress: its campaign is open, older ones are closed
REGISTRATION_NOW = ("submitted", "accepted", "draft", "returned", "accepted")


@dataclass(frozen=True)
class Scale:
    units: int
    people: int
    users: int
    award_rows: int
    dossiers: int
    years: int
    audit_rows: int
    council_members: int


SCALES = {
    "S": Scale(units=15, people=300, users=40, award_rows=1_500, dossiers=300, years=3, audit_rows=5_000,
               council_members=7),
    "M": Scale(units=500, people=20_000, users=2_000, award_rows=100_000, dossiers=20_000, years=10,
               audit_rows=200_000, council_members=50),
    "L": Scale(units=5_000, people=200_000, users=20_000, award_rows=1_000_000, dossiers=200_000, years=10,
               audit_rows=2_000_000, council_members=50),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Loader:
    """Multi-row inserts in batches that fit the backend's limit on bound parameters."""

    def __init__(self, database, sqlite: bool):
        self.database = database
        self.sqlite = sqlite
        self.counts: dict[str, int] = {}

    def insert(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields = list(rows[0])
        per_batch = max(1, (32000 if self.sqlite else 60000) // len(fields))
        with self.database.atomic():
            for start in range(0, len(rows), per_batch):
                model.insert_many(rows[start:start + per_batch]).execute()
        name = model._meta.table_name
        self.counts[name] = self.counts.get(name, 0) + len(rows)


@functools.lru_cache(maxsize=None)
def _name_key(full_name: str) -> str:
    from thidua.vnsort import name_key
    return name_key(full_name)


def _ascii(text: str) -> str:
    from thidua.textfold import fold
    return "".join(c for c in fold(text) if c.isalnum())


class Generator:
    def __init__(self, scale: Scale, loader: Loader, password_hash: str):
        self.s = scale
        self.load = loader
        self.rng = random.Random(SEED)
        self.names = Names(self.rng)
        self.password_hash = password_hash
        self.years = list(range(LAST_YEAR - scale.years + 1, LAST_YEAR + 1))
        self.now = datetime.datetime(LAST_YEAR, 11, 20, 9, 0)

    # Organisation ----------------------------------------------------------------------------------------
    def units(self) -> None:
        from thidua.models import Unit
        from thidua.search import names
        from thidua.vnsort import text_key
        s = self.s
        rows = []

        def add(code, name, kind, parent):
            rows.append({"id": len(rows) + 1, "code": code, "name": name, "sort_key": text_key(name), "kind": kind,
                         "parent": parent, "active": True, "created_at": datetime.datetime(self.years[0], 1, 2)})
            return len(rows)

        if s.units <= 20:  # one provincial Committee, as in plan 15/KH-BDT
            top = add("BDT", "Ban Dân tộc tỉnh Đồng Nai", "agency", None)
            provinces = [(top, "Đồng Nai", "DNA")]
        else:  # the ministry and one Committee per province under it
            top = add("UBDT", "Ủy ban Dân tộc", "agency", None)
            provinces = []
            for n, province in enumerate(PROVINCES[:max(1, min(len(PROVINCES), s.units // 80))]):
                code = f"T{n + 1:02d}"
                provinces.append((add(f"{code}-BDT", f"Ban Dân tộc tỉnh {province}", "agency", top), province, code))
        self.top_unit = top
        self.departments = []
        for province_id, province, code in provinces:
            for dep_code, dep_name in DEPARTMENTS:
                name = dep_name if len(provinces) == 1 else f"{dep_name} Ban Dân tộc tỉnh {province}"
                unit_code = dep_code if len(provinces) == 1 else f"{code}-{dep_code}"
                self.departments.append(add(unit_code, name, "department", province_id))
        n = 0
        while len(rows) < s.units:
            province_id, province, code = provinces[n % len(provinces)]
            kind_word = "huyện" if n % 5 else "thành phố"
            add(f"{code}-PDT{n:04d}", f"Phòng Dân tộc {kind_word} {district_name(n)}", "district", province_id)
            n += 1
        self.load.insert(Unit, rows)
        names.put_many("unit", [(r["id"], r["name"]) for r in rows])  # what Unit.save() would have done
        self.unit_ids = [r["id"] for r in rows]
        self.district_ids = [r["id"] for r in rows if r["kind"] == "district"]
        self.office_unit = self.departments[0]  # Văn phòng of the first Committee (or the only one)

    def people(self) -> None:
        from thidua.models import Person
        from thidua.search import names
        s, rng = self.s, self.rng
        ethnicity = Picker(rng, ETHNICITY_WEIGHTS)
        position = Picker(rng, POSITIONS_STAFF)
        rows = []
        self.people_of: dict[int, list[int]] = {u: [] for u in self.unit_ids}
        self.person_name: dict[int, str] = {}
        for i in range(s.people):
            unit = self.unit_ids[i % len(self.unit_ids)]
            gender = "female" if rng.random() < 0.48 else "male"
            name = self.names.full_name(gender)
            staff = rng.random() < 0.85
            born = rng.randint(1962, 2000)
            century = 0 if born < 2000 else 2
            national_id = f"{rng.randint(1, 96):03d}{century + (gender == 'female')}{born % 100:02d}{i:06d}"
            rows.append({
                "id": i + 1, "unit": unit, "full_name": name, "sort_key": _name_key(name), "gender": gender,
                "birth_year": born, "ethnicity": ethnicity(),
                "position": position() if staff else rng.choice(POSITIONS_COMMUNITY).format(n=rng.randint(1, 12)),
                "is_staff": staff, "national_id": national_id if rng.random() < 0.8 else None, "active": True,
                "employed_since": datetime.date(max(born + 22, 1985), rng.randint(1, 12), 1) if staff else None,
                "created_at": datetime.datetime(self.years[0], 1, 3),
            })
            self.people_of[unit].append(i + 1)
            self.person_name[i + 1] = name
        self.load.insert(Person, rows)
        with self.load.database.atomic():
            names.put_many("person", [(r["id"], r["full_name"]) for r in rows])  # as Person.save() would

    def users(self) -> None:
        """The bench accounts of every role (README), then ordinary staff and heads of the units."""
        from thidua import roles
        from thidua.models import AgencyHead, CouncilMember, User, UserRole
        s, rng = self.s, self.rng
        users, user_roles = [], []
        self.user_unit: dict[int, int] = {}

        def add(username, unit, role_codes, gender=None):
            gender = gender or ("female" if rng.random() < 0.5 else "male")
            name = self.names.full_name(gender)
            uid = len(users) + 1
            users.append({"id": uid, "username": username, "full_name": name, "sort_key": _name_key(name),
                          "email": f"{username}@bdt.gov.vn", "unit": unit, "active": True,
                          "password_hash": self.password_hash, "session_version": 1,
                          "must_change_password": False, "email_notifications": False,
                          "created_at": datetime.datetime(self.years[0], 1, 2), "last_login_at": self.now,
                          "disabled_reason": ""})
            for role in role_codes:
                user_roles.append({"id": len(user_roles) + 1, "user": uid, "role": role})
            self.user_unit[uid] = unit
            return uid

        first_district = self.district_ids[0]
        self.bench = {
            "admin": add("bench.admin", self.office_unit, [roles.ADMIN]),
            "office": add("bench.office", self.office_unit, [roles.OFFICE]),
            "leader": add("bench.leader", self.top_unit, [roles.LEADER, roles.COUNCIL_CHAIR]),
            "staff": add("bench.staff", first_district, [roles.UNIT_STAFF]),
            "head": add("bench.head", first_district, [roles.UNIT_HEAD]),
        }
        self.members = [self.bench["leader"]] + [
            add(f"bench.member{n:02d}", self.departments[n % len(self.departments)], [roles.COUNCIL_MEMBER])
            for n in range(1, s.council_members)]
        self.office_users = [self.bench["office"]]
        n = 0
        while len(users) < s.users:
            unit = self.unit_ids[n % len(self.unit_ids)]
            given = self.names.full_name("male").split()[-1]
            role = roles.UNIT_HEAD if n < len(self.unit_ids) else roles.UNIT_STAFF
            if unit == self.office_unit and n < len(self.unit_ids):
                role = roles.OFFICE
            uid = add(f"{_ascii(given)}.{n:05d}", unit, [role])
            if role == roles.OFFICE:
                self.office_users.append(uid)
            n += 1
        self.load.insert(User, users)
        self.load.insert(UserRole, user_roles)
        self.staff_of = {}
        for row in users:
            self.staff_of.setdefault(row["unit"], row["id"])
        served = datetime.date(self.years[0], 1, 1)
        self.load.insert(CouncilMember, [
            {"id": i + 1, "user": uid, "role": "chair" if i == 0 else ("standing" if i == 1 else "member"),
             "served_from": served, "served_to": None, "note": ""} for i, uid in enumerate(self.members)])
        self.load.insert(AgencyHead, [{"id": 1, "user": self.bench["leader"], "valid_from": served,
                                       "valid_to": None, "created_by": self.bench["admin"],
                                       "created_at": datetime.datetime(self.years[0], 1, 2)}])

    # Catalogue lookups --------------------------------------------------------------------------------------
    def catalogue(self) -> None:
        from thidua.models import AwardKind, LegalRegime, VoteRule
        self.regime_of = {y: LegalRegime.for_year(y) for y in self.years}
        self.kinds = {(k.regime_id, k.code): k for k in AwardKind.select()}
        self.rules = {(r.regime_id, r.award_code): r for r in VoteRule.select()}

    def kind(self, year: int, code: str):
        return self.kinds[(self.regime_of[year].id, code)]

    def rule(self, year: int, code: str):
        regime = self.regime_of[year].id
        return self.rules.get((regime, code)) or self.rules[(regime, "*")]

    # The movement, year by year ------------------------------------------------------------------------------
    def campaigns(self) -> None:
        from thidua.models import Campaign, CampaignItem, CampaignUnit
        rows, items, addressed = [], [], []
        self.campaign_of: dict[int, int] = {}
        for year in self.years:
            current = year == LAST_YEAR
            cid = len(rows) + 1
            rows.append({
                "id": cid, "number": 1, "symbol": "KH-BDT", "year": year, "issued_on": datetime.date(year, 1, 18),
                "place": "Hà Nội", "title": f"Phát động phong trào thi đua, khen thưởng năm {year} của ngành "
                                           "công tác dân tộc", "kind": "annual",
                "preamble": "Căn cứ Luật Thi đua, khen thưởng;", "purpose": "Động viên cán bộ, công chức.",
                "requirements": "", "implementation": "",
                "registration_deadline": datetime.date(year, 3, 15), "nomination_deadline": datetime.date(year, 11, 30),
                "signer_title": "TRƯỞNG BAN", "signer_name": "Nguyễn Văn Khang", "recipients": "Như trên;",
                "registration_required": False, "regime": self.regime_of[year].id,
                "status": "published" if current else "closed", "version": 2 if current else 3,
                "created_by": self.bench["office"], "created_at": datetime.datetime(year, 1, 10),
                "published_at": datetime.datetime(year, 1, 18, 8), "closed_at": None if current else
                datetime.datetime(year + 1, 1, 15)})
            self.campaign_of[year] = cid
            for pos, text in enumerate(["Thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao.",
                                        "Thi đua thực hiện chính sách dân tộc.",
                                        "Thi đua xây dựng cơ quan văn hóa."], start=1):
                items.append({"id": len(items) + 1, "campaign": cid, "position": pos, "text": text})
            addressed += [{"id": len(addressed) + n, "campaign": cid, "unit": u}
                          for n, u in enumerate(self.unit_ids, start=1)]
        # A thematic campaign of the year in progress: its council session is the one left open for voting.
        self.thematic = len(rows) + 1
        rows.append({**rows[-1], "id": self.thematic, "number": 2, "kind": "thematic", "version": 2,
                     "title": f"Thi đua chào mừng Đại hội đại biểu các dân tộc thiểu số năm {LAST_YEAR}"})
        self.load.insert(Campaign, rows)
        self.load.insert(CampaignItem, items)
        self.load.insert(CampaignUnit, addressed)

    def registrations(self) -> None:
        from thidua.models import Registration, RegistrationLine
        rng = self.rng
        regs, lines = [], []
        for year in self.years:
            current = year == LAST_YEAR
            for unit in self.unit_ids:
                if rng.random() > 0.8:
                    continue
                # This year's states in turn, so that even a small Committee has one of each.
                status = REGISTRATION_NOW[len(regs) % len(REGISTRATION_NOW)] if current else "accepted"
                rid = len(regs) + 1
                regs.append({"id": rid, "campaign": self.campaign_of[year], "unit": unit, "status": status,
                             "version": 2, "created_by": self.staff_of.get(unit, self.bench["staff"]),
                             "created_at": datetime.datetime(year, 2, 1), "submitted_at":
                             datetime.datetime(year, 3, 1) if status != "draft" else None,
                             "decided_at": None, "return_comment": ""})
                when = datetime.datetime(year, 2, 1)
                lines.append({"id": len(lines) + 1, "registration": rid, "subject": "collective", "person": None,
                              "award_kind": self.kind(year, "TTLDTT").id, "created_at": when})
                for person in self.people_of[unit][:3]:
                    code = "CSTDCS" if rng.random() < 0.3 else "LDTT"
                    lines.append({"id": len(lines) + 1, "registration": rid, "subject": "individual",
                                  "person": person, "award_kind": self.kind(year, code).id, "created_at": when})
        self.load.insert(Registration, regs)
        self.load.insert(RegistrationLine, lines)

    def nominations(self) -> None:
        """Dossiers spread over the years and units; past years went through the council, this one is open."""
        from thidua.models import Nomination
        rng = self.rng
        per_year = self.s.dossiers // len(self.years)
        individual = Picker(rng, [("LDTT", 45), ("CSTDCS", 25), ("GK", 15), ("BK_TINH", 10), ("BK_TTG", 3),
                                  ("KNC_DT", 2)])
        past = Picker(rng, [("awarded", 75), ("not_passed", 10), ("proposed", 5), ("not_awarded", 5),
                            ("returned", 5)])
        now = Picker(rng, [("draft", 30), ("submitted", 30), ("returned", 10), ("verified", 20), ("passed", 10)])
        rows = []
        self.by_year: dict[int, list[dict]] = {y: [] for y in self.years}
        for year in self.years:
            slots = {u: 0 for u in self.unit_ids}
            made, turn = 0, 0
            while made < per_year and turn < per_year * 3:
                unit = self.unit_ids[turn % len(self.unit_ids)]
                turn += 1
                slot = slots[unit]
                slots[unit] += 1
                people = self.people_of[unit]
                if slot == 0:
                    subject, person, code = "collective", None, rng.choice(["TTLDXS", "TTLDTT", "BK_TINH"])
                elif slot <= len(people):
                    subject, person, code = "individual", people[slot - 1], individual()
                else:
                    continue
                status = now() if year == LAST_YEAR else past()
                row = {"id": len(rows) + 1, "campaign": self.campaign_of[year], "unit": unit, "subject": subject,
                       "person": person, "subject_key": person or 0, "award_kind": self.kind(year, code).id,
                       "basis": "cong_trang", "registration_line": None,
                       "summary": "Hoàn thành xuất sắc nhiệm vụ được giao; tích cực thực hiện chính sách dân tộc.",
                       "status": status, "version": 3, "created_by": self.staff_of.get(unit, self.bench["staff"]),
                       "created_at": datetime.datetime(year, 10, 1) + datetime.timedelta(minutes=len(rows) % 40000),
                       "submitted_at": None if status == "draft" else datetime.datetime(year, 11, 5),
                       "decided_at": None, "return_comment": "Bổ sung biên bản họp." if status == "returned" else "",
                       "override_reason": ""}
                rows.append(row)
                self.by_year[year].append(row)
                made += 1
        self.load.insert(Nomination, rows)
        self.nomination_count = len(rows)

    def council(self) -> None:
        """Closed sessions of past years, each with its attendance, receipts, totals, results and decision."""
        from thidua.models import (AgendaItem, BallotReceipt, CouncilSession, Decision, DecisionLine, LineResult,
                                   SessionAttendance, VoteCount)
        rng = self.rng
        sessions, attendance, receipts, items, counts, results, decisions, lines = [], [], [], [], [], [], [], []
        self.decision_ids = []
        seats = len(self.members)
        for year in self.years:
            reviewed = [r for r in self.by_year[year]
                        if r["status"] in ("awarded", "not_passed", "proposed", "not_awarded", "passed")]
            number = 0
            for start in range(0, len(reviewed), 200):
                sid = len(sessions) + 1
                meets = datetime.datetime(year, 12, 10, 8) if year < LAST_YEAR else \
                    datetime.datetime(year, 11, 12, 8)
                sessions.append({"id": sid, "campaign": self.campaign_of[year],
                                 "title": f"Xét khen thưởng năm {year} (đợt {start // 200 + 1})", "meets_at": meets,
                                 "place": "Phòng họp số 1", "secretary": self.bench["office"], "status": "closed",
                                 "round": 1, "version": 4, "conclusions": "", "created_by": self.bench["office"],
                                 "created_at": meets - datetime.timedelta(days=10), "attendance_opened_at": meets,
                                 "voting_opened_at": meets, "closed_at": meets + datetime.timedelta(hours=2)})
                for seat in range(1, seats + 1):
                    attendance.append({"id": len(attendance) + 1, "session": sid, "seat": seat, "present": True})
                    receipts.append({"id": len(receipts) + 1, "session": sid, "round": 1, "seat": seat,
                                     "channel": "online"})
                awarded = []
                for pos, row in enumerate(reviewed[start:start + 200], start=1):
                    code = self.kinds_by_id[row["award_kind"]].code
                    rule = self.rule(year, code)
                    iid = len(items) + 1
                    items.append({"id": iid, "session": sid, "nomination": row["id"], "position": pos, "round": 1,
                                  "rule_threshold": rule.threshold_percent, "rule_denominator": rule.denominator,
                                  "rule_quorum_numerator": rule.quorum_numerator,
                                  "rule_quorum_denominator": rule.quorum_denominator,
                                  "rule_written_allowed": rule.written_votes_allowed,
                                  "rule_recuse_unit": rule.recuse_same_unit, "rule_award_code": rule.award_code,
                                  "rule_article": rule.article, "rule_confirmed": rule.confirmed,
                                  "rule_text": f"Đạt khi trên {rule.threshold_percent}% tổng số thành viên đồng ý."})
                    passed = row["status"] != "not_passed"
                    yes = rng.randint(int(seats * 0.75), seats) if passed else rng.randint(0, seats // 2)
                    counts.append({"id": len(counts) + 1, "item": iid, "round": 1, "yes": yes, "no": seats - yes})
                    results.append({"id": len(results) + 1, "item": iid, "round": 1, "members": seats,
                                    "eligible": seats, "participants": seats, "base": seats, "yes": yes,
                                    "no": seats - yes, "recused": 0, "threshold_percent": rule.threshold_percent,
                                    "denominator": rule.denominator, "passed": passed,
                                    "explanation": f"{yes}/{seats} thành viên đồng ý."})
                    if row["status"] == "awarded":
                        awarded.append(row)
                if awarded and year < LAST_YEAR:
                    number += 1
                    did = len(decisions) + 1
                    signed = datetime.datetime(year, 12, 20, 15)
                    decisions.append({
                        "id": did, "kind": "decision", "campaign": self.campaign_of[year], "session": sid,
                        "award_kind": None, "summary": f"Về việc khen thưởng thành tích năm {year} (đợt {number})",
                        "recipients": "Như Điều 3;\nLưu: VT, VP.", "status": "signed", "version": 3,
                        "created_by": self.bench["office"], "created_at": signed - datetime.timedelta(days=5),
                        "submitted_at": signed - datetime.timedelta(days=2), "decided_at": signed,
                        "return_comment": "", "number": number, "symbol": "QĐ-BDT", "year": year,
                        "signed_on": signed.date(), "signed_at": signed, "signed_by": self.bench["leader"],
                        "on_behalf_of": None, "signer_title": "TRƯỞNG BAN", "signer_authority": "",
                        "base_salary": 2_340_000, "total_amount": None, "pdf_sha256": "", "corrects": None,
                        "correction_kind": None, "correction_text": ""})
                    self.decision_ids.append(did)
                    for pos, row in enumerate(awarded, start=1):
                        row["decision"] = did
                        lines.append({"id": len(lines) + 1, "decision": did, "nomination": row["id"],
                                      "nomination_version": 3, "position": pos, "amount": 702_000,
                                      "outcome": None, "outside_number": "", "outside_date": None,
                                      "outside_body": ""})
        self.load.insert(CouncilSession, sessions)
        self.load.insert(SessionAttendance, attendance)
        self.load.insert(BallotReceipt, receipts)
        self.load.insert(AgendaItem, items)
        self.load.insert(VoteCount, counts)
        self.load.insert(LineResult, results)
        self.load.insert(Decision, decisions)
        self.load.insert(DecisionLine, lines)
        self.session_count = len(sessions)

    def history(self) -> None:
        """Award history: every dossier awarded in the app, then imported earlier years up to the row count."""
        from thidua.models import AnnualRating, AwardRecord
        rng = self.rng
        individual = Picker(rng, [("LDTT", 60), ("CSTDCS", 18), ("GK", 12), ("BK_TINH", 7), ("CSTDT", 2),
                                  ("BK_TTG", 1)])
        collective = Picker(rng, [("TTLDTT", 50), ("TTLDXS", 25), ("GK", 10), ("BK_TINH", 10), ("CO_TINH", 5)])
        rows = []
        for year in self.years:
            for row in self.by_year[year]:
                if row["status"] != "awarded":
                    continue
                kind = self.kinds_by_id[row["award_kind"]]
                rows.append({"subject": row["subject"], "person": row["person"],
                             "unit": None if row["person"] else row["unit"], "award_code": kind.code,
                             "award_name": kind.name, "year": year, "decision_number": "01/QĐ-BDT",
                             "decided_by": "Trưởng Ban Dân tộc", "decided_on": datetime.date(year, 12, 20),
                             "source": "decision", "decision_id": row.get("decision")})
        first = self.years[0] - 10  # imported history reaches ten years before the app
        people = self.s.people
        while len(rows) < self.s.award_rows:
            year = rng.randint(first, LAST_YEAR - 1)
            if rng.random() < 0.85:
                code, person, unit, subject = individual(), rng.randint(1, people), None, "individual"
            else:
                code, person, unit, subject = collective(), None, rng.choice(self.unit_ids), "collective"
            rows.append({"subject": subject, "person": person, "unit": unit, "award_code": code,
                         "award_name": self.award_names.get(code, code), "year": year,
                         "decision_number": f"{rng.randint(1, 300)}/QĐ-UBND", "decided_by": "Chủ tịch UBND tỉnh",
                         "decided_on": datetime.date(year + 1, rng.randint(1, 4), rng.randint(1, 28)),
                         "source": "import", "decision_id": None})
        stamp = datetime.datetime(self.years[0], 1, 5)
        for n, row in enumerate(rows, start=1):
            row.update(id=n, created_by=self.bench["office"], created_at=stamp, removed_at=None)
        self.load.insert(AwardRecord, rows)
        ratings = []
        rating = Picker(rng, [("excellent", 15), ("good", 60), ("completed", 22), ("not_completed", 3)])
        for person in range(1, people + 1):
            for year in self.years[-3:-1]:
                ratings.append({"id": len(ratings) + 1, "person": person, "year": year, "rating": rating(),
                                "removed_at": None})
        self.load.insert(AnnualRating, ratings)

    def notifications(self) -> None:
        from thidua.models import Notification
        rows = []
        for uid in list(self.bench.values()) + self.members:
            for n in range(30):
                rows.append({"id": len(rows) + 1, "user": uid, "kind": "transition",
                             "title": f"Hồ sơ đề nghị khen thưởng số {n + 1} đã chuyển bước", "body": "",
                             "url": "/inbox", "comment": "", "created_at": self.now - datetime.timedelta(hours=n),
                             "read_at": None if n < 10 else self.now})
        self.load.insert(Notification, rows)

    def audit(self) -> None:
        """The audit log with a valid chain: one row per step of the dossiers' lives and the sign-ins."""
        from thidua.audit_chain import GENESIS, row_hash
        from thidua.models import AuditChainHead, AuditLog
        rng = self.rng
        total = self.s.audit_rows
        start = datetime.datetime(self.years[0], 1, 2, 1, 0)
        span = (self.now - start).total_seconds()
        actions = Picker(rng, [("submit", 25), ("verify", 20), ("return", 8), ("council_pass", 15), ("login", 25),
                               ("update", 7)])
        prev = GENESIS
        users = len(self.user_unit)
        batch = []
        for n in range(1, total + 1):
            action = actions()
            at = start + datetime.timedelta(seconds=span * n / (total + 1), microseconds=n % 997 + 1)
            values = {"at": at, "actor_id": rng.randint(1, users), "action": action,
                      "object_type": "user" if action == "login" else "nomination",
                      "object_id": rng.randint(1, self.nomination_count or 1), "state_before": "",
                      "state_after": "", "comment": "", "ip_address": f"10.{n % 250}.{n % 199}.{n % 97 + 1}",
                      "prev_hash": prev}
            values["hash"] = prev = row_hash(values)
            values["id"] = n
            values["actor"] = values.pop("actor_id")
            batch.append(values)
            if len(batch) == 100_000:
                self.load.insert(AuditLog, batch)
                batch = []
        self.load.insert(AuditLog, batch)
        AuditChainHead.update(last_id=total, last_hash=prev).where(AuditChainHead.id == 1).execute()

    def voting_session(self, app) -> None:
        """The thematic campaign's session, opened for voting through the app's own workflow."""
        from thidua.council import sessions
        from thidua.models import Campaign, CouncilSession, Nomination, SessionAttendance, User
        year = LAST_YEAR
        unit_pool = self.district_ids[:20] or self.unit_ids
        nominations = []
        for n, unit in enumerate(unit_pool):
            person = self.people_of[unit][-1] if self.people_of[unit] else None
            if person is None:
                continue
            nominations.append({
                "id": self.nomination_count + n + 1, "campaign": self.thematic, "unit": unit, "subject": "individual",
                "person": person, "subject_key": person, "award_kind": self.kind(year, "GK").id,
                "basis": "phong_trao", "registration_line": None, "summary": "Thành tích xuất sắc trong đợt thi đua.",
                "status": "verified", "version": 3, "created_by": self.staff_of.get(unit, self.bench["staff"]),
                "created_at": datetime.datetime(year, 10, 2), "submitted_at": datetime.datetime(year, 10, 5),
                "decided_at": None, "return_comment": "", "override_reason": ""})
        self.load.insert(Nomination, nominations)
        self.nomination_count += len(nominations)
        with app.test_request_context():
            office = User.get_by_id(self.bench["office"])
            leader = User.get_by_id(self.bench["leader"])
            title = f"Xét khen thưởng đợt thi đua chuyên đề năm {year}"
            session = sessions.create(Campaign.get_by_id(self.thematic), {"title": title,
                                       "meets_at": self.now, "place": "Phòng họp số 1", "secretary": office},
                                      office)
            sessions.refresh_agenda(session, office)
            session = sessions.act(CouncilSession.get_by_id(session.id), "open_attendance", leader)
            SessionAttendance.update(present=True).where(SessionAttendance.session == session.id).execute()
            sessions.act(CouncilSession.get_by_id(session.id), "open_voting", leader)
        self.voting_session_id = session.id


def _reset_sequences(database, models) -> None:
    for model in models:
        table = model._meta.table_name
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))')


STEPS = ("units", "people", "users", "catalogue", "campaigns", "registrations", "nominations", "council", "history",
         "notifications", "audit")


def fill(app, scale: Scale) -> Generator:
    """Fill the app's empty, migrated database at scale (inside an app context, connected); return the generator."""
    from thidua.db import db, is_sqlite
    from thidua.models import MODELS, AwardKind, Person
    from thidua.passwords import hash_password
    database = db.obj
    if Person.select().exists():
        raise SystemExit("The database is not empty: generate into a new one.")
    gen = Generator(scale, Loader(database, is_sqlite()), hash_password(BENCH_PASSWORD))
    gen.kinds_by_id = {k.id: k for k in AwardKind.select()}
    gen.award_names = {k.code: k.name for k in AwardKind.select().order_by(AwardKind.id.desc())}
    for step in STEPS:
        log(f"{step}…")
        getattr(gen, step)()
    if not is_sqlite():
        _reset_sequences(database, MODELS)
    log("voting session…")
    gen.voting_session(app)
    return gen


def generate(scale_name: str, url: str) -> dict:
    """Migrate the empty database at url and fill it at the named scale; return what was made."""
    os.environ.setdefault("INSTANCE_PATH", "/tmp/thidua-bench-instance")
    from thidua import create_app
    from thidua import migrate as migrate_module
    from thidua.db import db
    app = create_app({"DATABASE_URL": url, "LOAD_DEMO_DATA": False, "SECRET_KEY": "bench"})
    database = db.obj
    started = time.monotonic()
    with app.app_context():
        database.connect(reuse_if_open=True)
        migrate_module.apply_all()
        if url.startswith("sqlite"):
            database.execute_sql("PRAGMA synchronous = OFF")  # a crash while generating only means generating again
        gen = fill(app, SCALES[scale_name])
        log("analyze…")
        database.execute_sql("ANALYZE")  # the planner's statistics, as a maintained server would have
    elapsed = time.monotonic() - started
    log(f"done in {elapsed:.0f} s")
    return {"scale": scale_name, "seconds": round(elapsed, 1), "rows": gen.load.counts,
            "voting_session": gen.voting_session_id, "bench_users": gen.bench,
            "campaign": gen.campaign_of[LAST_YEAR], "decisions": gen.decision_ids[-3:]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=sorted(SCALES))
    parser.add_argument("url", help="sqlite:////path/file.sqlite3 or postgresql://user:pass@host/db (empty)")
    args = parser.parse_args(argv)
    import json
    print(json.dumps(generate(args.scale, args.url), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
