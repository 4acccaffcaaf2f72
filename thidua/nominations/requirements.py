"""What a dossier must hold (data: DossierRequirement), and how far a dossier is from it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..attachments import service as attachments
from ..models import ComponentComment, DossierRequirement, Nomination
from ..models.nomination import COMPONENTS


def default_requirements(code: str, category: str) -> list[tuple[str, str | None]]:
    """The components the law asks of a new catalogue entry's dossier (Luật Thi đua, khen thưởng 2022 Điều 84)."""
    wanted: list[tuple[str, str | None]] = [("to_trinh", None), ("bao_cao_thanh_tich", None), ("bien_ban", None)]
    if code.startswith("CSTD"):
        wanted.append(("sang_kien", None))
    if category == "form":
        wanted.append(("xac_nhan_dot_xuat", "dot_xuat"))
    return wanted


@dataclass
class ChecklistItem:
    component: str
    label: str
    files: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return bool(self.files)


def checklist(nomination: Nomination) -> list[ChecklistItem]:
    """One line per required component, with the files that satisfy it (two queries, whatever the count)."""
    required = [r.component for r in DossierRequirement.select(DossierRequirement.component,
                                                                DossierRequirement.only_for_basis)
                .where(DossierRequirement.award_kind == nomination.award_kind_id)
                if r.only_for_basis in (None, nomination.basis)]
    order = list(COMPONENTS)
    required.sort(key=order.index)
    files = attachments.list_for("nomination", nomination.id)
    comments: dict[str, list] = {}
    open_comments = ComponentComment.select().where(ComponentComment.nomination == nomination,
                                                    ComponentComment.resolved == False)  # noqa: E712
    for c in open_comments:
        comments.setdefault(c.component, []).append(c)
    return [ChecklistItem(code, COMPONENTS[code], [f for f in files if f.component == code], comments.get(code, []))
            for code in required]


def missing(nomination: Nomination) -> list[str]:
    return [item.label for item in checklist(nomination) if not item.satisfied]
