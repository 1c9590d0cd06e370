"""The screening's pages, by who uses them: the unit's setup and board (``setup``), its review
assignments and conflicts of interest (``assignments``), the unit's ranking, decision and
export (``ranking``), the unit's messages to the proposers after the decision (``feedback``),
and a board member's workspace and entries (``entries``)."""

from .assignments import AssignmentsView, ConflictDecideView
from .entries import (
    AbstainView,
    ConflictDeclareView,
    EntryAttachmentView,
    EntryView,
    MyExportView,
    WorkspaceView,
)
from .feedback import FeedbackEditView, FeedbackReleaseView, FeedbackView
from .ranking import ExportView, RankingView
from .setup import (
    BoardAddView,
    BoardRemoveView,
    BoardView,
    CriteriaPublishView,
    CriteriaView,
    CriterionLevelsView,
    OpenView,
    OutsideEvaluatorView,
    ScreeningListView,
    SetupView,
)

__all__ = [
    "AbstainView",
    "AssignmentsView",
    "BoardAddView",
    "BoardRemoveView",
    "BoardView",
    "ConflictDecideView",
    "ConflictDeclareView",
    "CriteriaPublishView",
    "CriteriaView",
    "CriterionLevelsView",
    "EntryAttachmentView",
    "EntryView",
    "ExportView",
    "FeedbackEditView",
    "FeedbackReleaseView",
    "FeedbackView",
    "MyExportView",
    "OpenView",
    "OutsideEvaluatorView",
    "RankingView",
    "ScreeningListView",
    "SetupView",
    "WorkspaceView",
]
