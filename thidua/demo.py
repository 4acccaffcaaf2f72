"""Demo data: the Committee of plan 15/KH-BDT (Đồng Nai, 2021), its units and one user per role."""
from __future__ import annotations

from . import audit, roles
from .db import db
from .models import Unit, User, UserRole
from .passwords import hash_password

DEMO_PASSWORD = "ThiDua@2021"

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

# username, full name, unit code, roles
USERS = [
    ("quantri", "Lê Minh Tuấn", "VP", [roles.ADMIN]),
    ("vanphong", "Trần Thị Thu Hà", "VP", [roles.OFFICE]),
    ("truongban", "Nguyễn Văn Khang", "BDT", [roles.LEADER, roles.COUNCIL_CHAIR]),
    ("hoidong", "Điểu Thị Mai", "CSDT", [roles.COUNCIL_MEMBER]),
    ("tanphu.cv", "K’ Thị Hồng", "PDT-TP", [roles.UNIT_STAFF]),
    ("tanphu.tp", "Nguyễn Đức Lợi", "PDT-TP", [roles.UNIT_HEAD]),
]


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> tuple[Unit, int]:
    unit = Unit.get_or_none(Unit.code == code)
    if unit is not None:
        return unit, 0
    unit = Unit.create(code=code, name=name, kind=kind, parent=parent)
    audit.record("create", "unit", unit.id, after={"code": code, "name": name}, comment="Dữ liệu mẫu")
    return unit, 1


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
    return created


def is_empty() -> bool:
    return not Unit.select().exists()
