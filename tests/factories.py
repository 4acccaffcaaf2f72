"""Factories for test data: units, users with roles and people of units, made through the models."""
from __future__ import annotations

import itertools

from thidua.models import Person, Unit, User, UserRole
from thidua.passwords import hash_password
from thidua.vnsort import name_key

DEFAULT_PASSWORD = "MatKhau-2026"
_seq = itertools.count(1)
_hashes: dict[str, str] = {}


def make_unit(name: str | None = None, code: str | None = None, kind: str = "district", parent=None,
              active: bool = True) -> Unit:
    n = next(_seq)
    return Unit.create(name=name or f"Phòng Dân tộc huyện Thử {n}", code=code or f"U{n}", kind=kind,
                       parent=parent, active=active)


def make_user(*roles: str, unit: Unit | None = None, username: str | None = None, full_name: str | None = None,
              password: str = DEFAULT_PASSWORD, active: bool = True, must_change_password: bool = False) -> User:
    n = next(_seq)
    if password not in _hashes:
        _hashes[password] = hash_password(password)
    user = User.create(username=username or f"nguoidung{n}", full_name=full_name or f"Nguyễn Văn Thử {n}",
                       unit=unit or make_unit(), password_hash=_hashes[password], active=active,
                       must_change_password=must_change_password, email=f"u{n}@example.invalid")
    for role in roles:
        UserRole.create(user=user, role=role)
    return user


def make_person(unit: Unit | None = None, full_name: str | None = None, gender: str = "male",
                birth_year: int | None = 1980, ethnicity: str = "01", position: str = "Chuyên viên",
                is_staff: bool = True, national_id: str | None = None, active: bool = True) -> Person:
    n = next(_seq)
    full_name = full_name or f"Trần Văn Mẫu {n}"
    return Person.create(unit=unit or make_unit(), full_name=full_name, sort_key=name_key(full_name),
                         gender=gender, birth_year=birth_year, ethnicity=ethnicity, position=position,
                         is_staff=is_staff, national_id=national_id, active=active)
