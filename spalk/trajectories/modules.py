"""The eight modules of a CIG (seed 000, "Toeleiding"; BRIEF.md §4), as codes.

The module catalogue with names and validity dates lives in the intake app (``spalk.intake.models.Module``,
same codes); episodes refer to a module by its code so that the trajectory survives catalogue edits.
``MODULE_KIND`` says what a module is.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleCode(models.TextChoices):
    CONTEXT = "CB", "Contextbegeleiding"
    STAY_HIGH_FAMILY = "VHF-GO", "Verblijf hoge frequentie i.f.v. gezinsopname"
    STAY_LOW_FAMILY = "VLF-GO", "Verblijf lage frequentie i.f.v. gezinsopname"
    STAY_HIGH_DIRECT = "VHF-RT", "Verblijf hoge frequentie rechtstreeks toegankelijk"
    STAY_LOW_DIRECT = "VLF-RT", "Verblijf lage frequentie rechtstreeks toegankelijk"
    STAY_HIGH = "VHF", "Verblijf hoge frequentie"
    STAY_LOW = "VLF", "Verblijf lage frequentie"
    CRISIS = "KCV", "Kortdurend crisisverblijf"


class ModuleKind(models.TextChoices):
    CONTEXT = "context", _("home support")
    STAY = "stay", _("stay")
    CRISIS = "crisis", _("crisis stay")


MODULE_KIND: dict[str, str] = {
    ModuleCode.CONTEXT: ModuleKind.CONTEXT,
    ModuleCode.STAY_HIGH_FAMILY: ModuleKind.STAY,
    ModuleCode.STAY_LOW_FAMILY: ModuleKind.STAY,
    ModuleCode.STAY_HIGH_DIRECT: ModuleKind.STAY,
    ModuleCode.STAY_LOW_DIRECT: ModuleKind.STAY,
    ModuleCode.STAY_HIGH: ModuleKind.STAY,
    ModuleCode.STAY_LOW: ModuleKind.STAY,
    ModuleCode.CRISIS: ModuleKind.CRISIS,
}
RESIDENTIAL_CODES = frozenset(c for c, k in MODULE_KIND.items() if k != ModuleKind.CONTEXT)
# Stay modules that are directly accessible within gezinsopname (from the second minor on, and for adult
# pregnant parents). Every other stay module needs a positive indication of the ITP; a crisis stay follows
# the crisis route.
DIRECT_STAY_CODES = frozenset({ModuleCode.STAY_HIGH_DIRECT, ModuleCode.STAY_LOW_DIRECT})


def is_residential(code: str) -> bool:
    return code in RESIDENTIAL_CODES
