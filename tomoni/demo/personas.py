"""The demonstration logins: one persona per kind of person who uses Tomoni.

The browser tests and `manage.py demo_logins` read these. Members log in with their member number
(their username) or their email address; the others with a name or an email address.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A demonstration password, printed by `make demo`; never used outside a demo or a test database.
DEMO_PASSWORD = "kyodo-rodo-2015"  # noqa: S105

FEDERATION_STAFF = "federation_staff"
CWC_OFFICER = "cwc_officer"
CWC_AUDITOR = "cwc_auditor"
AJISAI_MANAGER = "ajisai_manager"
AJISAI_SUPPORT = "ajisai_support"
AJISAI_MEMBER = "ajisai_member"
OUTSIDER = "outsider"

# Username per persona. Members' usernames are their member numbers.
USERNAMES: dict[str, str] = {
    FEDERATION_STAFF: "jwcu-staff",
    CWC_OFFICER: "cwc-officer",
    CWC_AUDITOR: "cwc-auditor",
    AJISAI_MANAGER: "C0000001",  # Fumie Kobayashi (小林 文恵), manager of Ajisai and one of its 19 members
    AJISAI_SUPPORT: "C0000002",  # a support worker at Ajisai, also one of its members
    AJISAI_MEMBER: "C0000003",  # Kazuko Takahashi (高橋 和子), a worker member aged 67
    OUTSIDER: "ngt-officer",  # an officer of Next Green Tajima, another coop
}

EMAILS: dict[str, str] = {
    FEDERATION_STAFF: "staff@jwcu.example.jp",
    CWC_OFFICER: "officer@cwc.example.jp",
    CWC_AUDITOR: "auditor@cwc.example.jp",
    AJISAI_MANAGER: "f.kobayashi@ajisai.example.jp",
    AJISAI_SUPPORT: "a.sasaki@ajisai.example.jp",
    AJISAI_MEMBER: "k.takahashi@ajisai.example.jp",
    OUTSIDER: "officer@next-green-tajima.example.jp",
}

# The replica's case person each member persona is (see tomoni/demo/data.py).
CASE_PERSON: dict[str, str] = {
    AJISAI_MANAGER: "ajisai-manager",
    AJISAI_SUPPORT: "ajisai-support",
    AJISAI_MEMBER: "ajisai-m03",
    OUTSIDER: "ngt-representative",
}

ROLE_LABELS: dict[str, Promise] = {
    FEDERATION_STAFF: _("Federation staff (JWCU)"),
    CWC_OFFICER: _("Coop officer (CWC)"),
    CWC_AUDITOR: _("Auditor (CWC)"),
    AJISAI_MANAGER: _("Centre manager (Ajisai)"),
    AJISAI_SUPPORT: _("Support worker (Ajisai)"),
    AJISAI_MEMBER: _("Worker member (Ajisai)"),
    OUTSIDER: _("Officer of another coop (Next Green Tajima)"),
}

SEES: dict[str, Promise] = {
    FEDERATION_STAFF: _("The federation's figures and each coop's counts; no one's personal data."),
    CWC_OFFICER: _("All of CWC: its regions, centres, member register, contracts and work records."),
    CWC_AUDITOR: _("All of CWC to read, and its access log."),
    AJISAI_MANAGER: _("The Ajisai centre: its members, contracts and hours; her own membership."),
    AJISAI_SUPPORT: _("The Ajisai centre and its special-care records; her own membership."),
    AJISAI_MEMBER: _("Her own membership, hours and contract."),
    OUTSIDER: _("Next Green Tajima only; every CWC page is a 404."),
}
