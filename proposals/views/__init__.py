"""The proposals app's pages, in modules by audience: ``home`` (the portal's home page),
``calls`` (calls, and the innovation unit's call management), ``proposals`` (a member of
staff's own proposals, the form and the actions) and ``detail`` (a proposal's page, its panels
and attachments). The names are re-exported here for ``proposals.urls`` and the configuration."""

from .calls import (
    CallCalendarView,
    CallCreateView,
    CallDetailView,
    CallExtendView,
    CallListView,
    CallNoticeCreateView,
    CallSubmissionsExportView,
    CallSubmissionsView,
    CallUpdateView,
)
from .detail import (
    AttachmentDeleteView,
    AttachmentDownloadView,
    ProposalDetailView,
    ProposalPanelView,
)
from .extras import (
    ExtraQuestionCreateView,
    ExtraQuestionDeleteView,
    ExtraQuestionListView,
    ExtraQuestionUpdateView,
)
from .home import HomeView
from .proposals import (
    AutosaveView,
    CoProposerRespondView,
    IdeaBankConsentView,
    MyProposalsView,
    ProposalCreateView,
    ProposalSubmitView,
    ProposalUpdateView,
    ProposalWithdrawView,
)
from .questions import CallQuestionAnswerView, CallQuestionCreateView, CallQuestionListView

__all__ = [
    "AttachmentDeleteView",
    "AttachmentDownloadView",
    "AutosaveView",
    "CallCalendarView",
    "CallCreateView",
    "CallDetailView",
    "CallExtendView",
    "CallListView",
    "CallNoticeCreateView",
    "CallQuestionAnswerView",
    "CallQuestionCreateView",
    "CallQuestionListView",
    "CallSubmissionsExportView",
    "CallSubmissionsView",
    "CallUpdateView",
    "CoProposerRespondView",
    "ExtraQuestionCreateView",
    "ExtraQuestionDeleteView",
    "ExtraQuestionListView",
    "ExtraQuestionUpdateView",
    "HomeView",
    "IdeaBankConsentView",
    "MyProposalsView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalPanelView",
    "ProposalSubmitView",
    "ProposalUpdateView",
    "ProposalWithdrawView",
]
