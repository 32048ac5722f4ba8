from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Schema
from pydantic import Field, field_validator

from spalk.families.validators import clean_national_number


class MemberOut(Schema):
    id: int
    person_id: int
    role: str
    relation: str
    pregnant: bool
    first_name: str = Field(alias="person.first_name")
    last_name: str = Field(alias="person.last_name")
    birth_date: datetime.date | None = Field(alias="person.birth_date")
    expected_birth_date: datetime.date | None = Field(alias="person.expected_birth_date")


class FamilyOut(Schema):
    id: int
    centre_id: int
    reference: str
    name: str
    street: str
    postal_code: str
    city: str
    phone: str
    languages: str
    version: int


class FamilyDetailOut(FamilyOut):
    members: list[MemberOut]


class FamilyIn(Schema):
    centre_id: int | None = None
    name: str = Field(min_length=1, max_length=150)
    street: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    languages: str = Field("", max_length=200)


class FamilyPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=150)
    street: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    languages: str | None = Field(None, max_length=200)


def _nn(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return clean_national_number(value)
    except DjangoValidationError as exc:
        raise ValueError(exc.messages[0]) from None


class PersonOut(Schema):
    id: int
    centre_id: int
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    expected_birth_date: datetime.date | None
    sex: str
    national_number: str
    phone: str
    email: str
    version: int


class MemberIn(Schema):
    role: Literal["parent", "child", "unborn", "network"]
    relation: str = Field("", max_length=100)
    pregnant: bool = False
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    sex: Literal["f", "m", "x", "u"] = "u"
    national_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)

    @field_validator("national_number")
    @classmethod
    def _check_nn(cls, value: str) -> str:
        return _nn(value) or ""


class PersonPatch(Schema):
    version: int
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    sex: Literal["f", "m", "x", "u"] | None = None
    national_number: str | None = Field(None, max_length=20)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)

    @field_validator("national_number")
    @classmethod
    def _check_nn(cls, value: str | None) -> str | None:
        return _nn(value)
