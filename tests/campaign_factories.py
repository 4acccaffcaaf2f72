"""Factories for campaigns and registrations."""
from __future__ import annotations

import datetime
import itertools

from thidua.models import (AwardKind, Campaign, CampaignItem, CampaignUnit, LegalRegime, Person, Registration,
                           RegistrationLine)
from thidua.vnsort import name_key

_seq = itertools.count(1)


def make_campaign(created_by, units=(), status: str = "published", issued_on=datetime.date(2021, 1, 18),
                  registration_deadline=datetime.date(2021, 2, 15), nomination_deadline=datetime.date(2021, 11, 30),
                  items=("Thi đua hoàn thành xuất sắc nhiệm vụ được giao.",), **fields) -> Campaign:
    campaign = Campaign.create(
        number=fields.pop("number", next(_seq)), symbol="KH-BDT", year=issued_on.year, issued_on=issued_on,
        title=fields.pop("title", "Phát động phong trào thi đua năm 2021"), kind="annual",
        registration_deadline=registration_deadline, nomination_deadline=nomination_deadline,
        signer_name="Nguyễn Văn Khang", regime=LegalRegime.for_year(issued_on.year), status=status,
        created_by=created_by, **fields)
    for position, text in enumerate(items, start=1):
        CampaignItem.create(campaign=campaign, position=position, text=text)
    for unit in units:
        CampaignUnit.create(campaign=campaign, unit=unit)
    return campaign


def award(code: str, campaign: Campaign) -> AwardKind:
    return AwardKind.get(AwardKind.code == code, AwardKind.regime == campaign.regime_id)


def person_in(unit, full_name: str | None = None, **fields) -> Person:
    n = next(_seq)
    name = full_name or f"Nguyễn Thị Cán Bộ {n}"
    return Person.create(unit=unit, full_name=name, sort_key=name_key(name), gender=fields.pop("gender", "female"),
                         ethnicity=fields.pop("ethnicity", "01"), position=fields.pop("position", "Chuyên viên"),
                         **fields)


def make_registration(campaign, unit, created_by, status: str = "draft", lines=()) -> Registration:
    registration = Registration.create(campaign=campaign, unit=unit, created_by=created_by, status=status)
    for subject, person, code in lines:
        RegistrationLine.create(registration=registration, subject=subject, person=person,
                                award_kind=award(code, campaign))
    return registration
