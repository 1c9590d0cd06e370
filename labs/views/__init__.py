"""The labs pages, by subdomain: ``lab`` (list, overview, forming, the lab page, start and
close), ``membership`` (the membership buttons), ``releases``, ``log`` (timeline, entries,
comments, milestones) and ``decisions`` (joint decisions, the final report, files).
``labs/urls.py`` names them through this package."""

from .decisions import (
    AttachmentDownloadView,
    DecisionCreateView,
    DecisionDetailView,
    DecisionListView,
    DecisionReviewView,
    DecisionSignView,
    ReportCreateView,
)
from .lab import (
    LabCloseView,
    LabCreateView,
    LabDetailView,
    LabListView,
    LabStartView,
    LabUpdateView,
    OverviewView,
)
from .log import (
    CommentCreateView,
    EntryCreateView,
    EntryUpdateView,
    MilestoneCreateView,
    MilestoneToggleView,
    TimelineView,
)
from .membership import InviteView, LeaveView, RespondView, VolunteerView, VolunteerWithdrawView
from .releases import ReleaseAcknowledgeView, ReleaseListView

__all__ = [
    "AttachmentDownloadView",
    "CommentCreateView",
    "DecisionCreateView",
    "DecisionDetailView",
    "DecisionListView",
    "DecisionReviewView",
    "DecisionSignView",
    "EntryCreateView",
    "EntryUpdateView",
    "InviteView",
    "LabCloseView",
    "LabCreateView",
    "LabDetailView",
    "LabListView",
    "LabStartView",
    "LabUpdateView",
    "LeaveView",
    "MilestoneCreateView",
    "MilestoneToggleView",
    "OverviewView",
    "ReleaseAcknowledgeView",
    "ReleaseListView",
    "ReportCreateView",
    "RespondView",
    "TimelineView",
    "VolunteerView",
    "VolunteerWithdrawView",
]
