"""Demo data: the Committee of plan 15/KH-BDT (Đồng Nai, 2021), its units and one user per role."""
from __future__ import annotations

import datetime

from . import audit, roles, seed_plan
from .db import db
from .models import (AgencyHead, Campaign, CampaignItem, CampaignMilestone, CampaignUnit, CouncilMember, LegalRegime,
                     Person, Unit, User, UserRole)
from .passwords import hash_password
from .vnsort import name_key

# The published demo password (README); deploy-check refuses a deployment that loads demo data.
DEMO_PASSWORD = "ThiDua@2021"  # nosec B105

AGENCY = ("BDT", "Ban Dân tộc tỉnh Đồng Nai", "agency")

DEPARTMENTS = [
    ("VP", "Văn phòng Ban"),
    ("TTR", "Thanh tra Ban"),
    ("CSDT", "Phòng Chính sách Dân tộc"),
    ("TTDB", "Phòng Tuyên truyền và Địa bàn"),
]

# The district-level ethnic-affairs offices of Đồng Nai in 2021.
DISTRICTS = [
    ("PDT-BH", "Phòng Dân tộc thành phố Biên Hòa"),
    ("PDT-LK", "Phòng Dân tộc thành phố Long Khánh"),
    ("PDT-TP", "Phòng Dân tộc huyện Tân Phú"),
    ("PDT-DQ", "Phòng Dân tộc huyện Định Quán"),
    ("PDT-XL", "Phòng Dân tộc huyện Xuân Lộc"),
    ("PDT-CM", "Phòng Dân tộc huyện Cẩm Mỹ"),
    ("PDT-TN", "Phòng Dân tộc huyện Thống Nhất"),
    ("PDT-TB", "Phòng Dân tộc huyện Trảng Bom"),
    ("PDT-VC", "Phòng Dân tộc huyện Vĩnh Cửu"),
    ("PDT-LT", "Phòng Dân tộc huyện Long Thành"),
    ("PDT-NT", "Phòng Dân tộc huyện Nhơn Trạch"),
]

# The province's emulation board (Sở Nội vụ): sets up the cụm, khối thi đua the Committee belongs to.
BOARD_UNIT = ("SNV-TDKT", "Ban Thi đua - Khen thưởng (Sở Nội vụ)", "other")

# username, full name, unit code, roles
USERS = [
    ("quantri", "Lê Minh Tuấn", "VP", [roles.ADMIN]),
    ("vanphong", "Trần Thị Thu Hà", "VP", [roles.OFFICE]),
    ("truongban", "Nguyễn Văn Khang", "BDT", [roles.LEADER, roles.COUNCIL_CHAIR]),
    ("hoidong", "Điểu Thị Mai", "CSDT", [roles.COUNCIL_MEMBER]),
    ("hoidong2", "Trần Quốc Bảo", "VP", [roles.COUNCIL_MEMBER]),
    ("hoidong3", "Lâm Thị Ngọc Hân", "CSDT", [roles.COUNCIL_MEMBER]),
    ("tanphu.cv", "K’ Thị Hồng", "PDT-TP", [roles.UNIT_STAFF]),
    ("tanphu.tp", "Nguyễn Đức Lợi", "PDT-TP", [roles.UNIT_HEAD]),
    ("bantdkt", "Phan Thanh Bình", "SNV-TDKT", [roles.EMULATION_BOARD]),
]


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> tuple[Unit, int]:
    unit = Unit.get_or_none(Unit.code == code)
    if unit is not None:
        return unit, 0
    unit = Unit.create(code=code, name=name, kind=kind, parent=parent)
    audit.record("create", "unit", unit.id, after={"code": code, "name": name}, comment="Dữ liệu mẫu")
    return unit, 1


# unit code, full name, gender, birth year, ethnicity code, position, staff
PEOPLE = [
    ("PDT-TP", "Nguyễn Đức Lợi", "male", 1975, "01", "Trưởng phòng", True),
    ("PDT-TP", "Điểu Văn Sang", "male", 1982, "32", "Phó Trưởng phòng", True),
    ("PDT-TP", "K’ Thị Hồng", "female", 1990, "28", "Chuyên viên", True),
    ("PDT-TP", "Lâm Thị Mỹ Linh", "female", 1988, "04", "Chuyên viên", True),
    ("PDT-TP", "Điểu Khen", "male", 1956, "32", "Người có uy tín ấp 4, xã Tà Lài", False),
    ("VP", "Trần Thị Thu Hà", "female", 1980, "01", "Chánh Văn phòng", True),
    ("VP", "Lê Minh Tuấn", "male", 1987, "01", "Chuyên viên công nghệ thông tin", True),
]


def _people(units: dict) -> int:
    created = 0
    for unit_code, full_name, gender, birth_year, ethnicity, position, is_staff in PEOPLE:
        unit = units[unit_code]
        if Person.select().where(Person.unit == unit, Person.full_name == full_name).exists():
            continue
        Person.create(unit=unit, full_name=full_name, sort_key=name_key(full_name), gender=gender,
                      birth_year=birth_year, ethnicity=ethnicity, position=position, is_staff=is_staff)
        created += 1
    return created


def _seed_campaign(office_user: User) -> int:
    """Plan 15/KH-BDT of 18/01/2021 as a draft for the office to publish."""
    if Campaign.select().where(Campaign.year == 2021, Campaign.number == 15, Campaign.symbol == "KH-BDT").exists():
        return 0
    # The seed asks for registrations "trước ngày 15/02/2020" in a plan of 18/01/2021: the slip the app
    # refuses. The demo carries the date the plan meant.
    implementation = "\n".join(seed_plan.ORGANISATION).replace("trước ngày 15/02/2020", "trước ngày 15/02/2021")
    campaign = Campaign.create(
        number=15, symbol="KH-BDT", year=2021, issued_on=datetime.date(2021, 1, 18), place="Đồng Nai",
        title=seed_plan.SUMMARY, kind="annual", preamble="\n".join(seed_plan.PREAMBLE),
        purpose="\n".join(seed_plan.PURPOSE), requirements="\n".join(seed_plan.REQUIREMENTS),
        implementation=implementation, registration_deadline=datetime.date(2021, 2, 15),
        nomination_deadline=datetime.date(2021, 11, 30), signer_title="TRƯỞNG BAN", signer_name="Nguyễn Văn Khang",
        recipients="\n".join(seed_plan.RECIPIENTS), regime=LegalRegime.for_year(2021), created_by=office_user)
    for position, text in enumerate(seed_plan.numbered_items(seed_plan.CONTENTS), start=1):
        CampaignItem.create(campaign=campaign, position=position, text=text)
    CampaignMilestone.create(campaign=campaign, day=datetime.date(2021, 5, 3),
                             title="Kỷ niệm 75 năm ngày truyền thống cơ quan quản lý nhà nước về công tác dân tộc")
    addressed = Unit.select(Unit.id).where(Unit.kind.in_(["department", "district"]))
    CampaignUnit.insert_many([{"campaign": campaign.id, "unit": u.id} for u in addressed]).execute()
    audit.record("create", "campaign", campaign.id, after={"number": 15, "symbol": "KH-BDT"}, actor=office_user,
                 comment="Dữ liệu mẫu")
    return 1


# The council of 2021: the leader chairs it; username, role in the council
COUNCIL = [("truongban", "chair"), ("hoidong2", "standing"), ("hoidong", "member"), ("hoidong3", "member")]


def _council() -> int:
    created = 0
    for username, role in COUNCIL:
        user = User.get(User.username == username)
        if CouncilMember.select().where(CouncilMember.user == user).exists():
            continue
        seat = CouncilMember.create(user=user, role=role, served_from=datetime.date(2021, 1, 1))
        audit.record("create", "council_member", seat.id, after={"user_id": user.id, "role": role},
                     comment="Dữ liệu mẫu")
        created += 1
    return created


def _head() -> int:
    if AgencyHead.select().exists():
        return 0
    AgencyHead.create(user=User.get(User.username == "truongban"), valid_from=datetime.date(2021, 1, 1),
                      created_by=User.get(User.username == "quantri"))
    return 1


def load() -> int:
    """Create whatever of the demo data is missing; return how many records were added."""
    created = 0
    with db.atomic():
        agency, n = _unit(*AGENCY, None)
        created += n
        units = {agency.code: agency}
        for code, name in DEPARTMENTS:
            units[code], n = _unit(code, name, "department", agency)
            created += n
        for code, name in DISTRICTS:
            units[code], n = _unit(code, name, "district", agency)
            created += n
        units[BOARD_UNIT[0]], n = _unit(*BOARD_UNIT, None)
        created += n
        password_hash = None
        for username, full_name, unit_code, role_codes in USERS:
            if User.get_or_none(User.username == username) is not None:
                continue
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User.create(username=username, full_name=full_name, unit=units[unit_code],
                               password_hash=password_hash, email=f"{username}@example.invalid")
            UserRole.insert_many([{"user": user.id, "role": r} for r in role_codes]).execute()
            audit.record("create", "user", user.id, after={"username": username, "roles": role_codes},
                         comment="Dữ liệu mẫu")
            created += 1
        created += _people(units)
        created += _council()
        created += _head()
        created += _seed_campaign(User.get(User.username == "vanphong"))
    return created


def is_empty() -> bool:
    return not Unit.select().exists()
