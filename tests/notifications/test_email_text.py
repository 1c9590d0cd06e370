"""Email text is text: the subject and the text part carry a title exactly as typed (no HTML
entities), the HTML part still escapes it, and a subject stays on one line. Sent through the
outbox and the real SMTP backend to a local sink, and read back from what the sink received."""

import email
from email import policy

import pytest

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notify
from proposals.services.proposals import proposal_submit
from tests.factories import CallFactory, ProposalFactory, UserFactory
from tests.smtp import serving

TITLE = '"따옴표" & <b>굵게</b> > 주민 A&B <script>'
ESCAPED = "&quot;따옴표&quot; &amp; &lt;b&gt;굵게&lt;/b&gt; &gt; 주민 A&amp;B &lt;script&gt;"


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"

    def parsed(self):
        return [email.message_from_bytes(e.original_content, policy=policy.default) for e in self.messages]


@pytest.fixture
def sink(settings):
    with serving(Sink()) as handler:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = handler.port
        settings.EMAIL_TIMEOUT = 5
        yield handler


def _subject(message) -> str:
    # Django's encoder folds the encoded words onto the next line ("Subject:" CRLF SP =?utf-8?…);
    # that folding whitespace is not part of the subject.
    return str(message["subject"]).lstrip()


def _parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


@pytest.mark.django_db
def test_a_receipt_carries_the_title_as_typed_in_text_and_escaped_in_html(sink, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=proposal, by=proposal.proposer)
    receipt = Notification.objects.get(kind="proposal_submitted")
    assert receipt.email_status == EmailStatus.SENT
    [message] = sink.parsed()
    text, html = _parts(message)
    assert f"“{TITLE}”" in text
    assert "&quot;" not in text and "&amp;" not in text and "&lt;" not in text
    assert ESCAPED in html
    assert TITLE not in html and "<script>" not in html


@pytest.mark.django_db
def test_a_subject_carries_the_title_as_typed(sink, django_capture_on_commit_callbacks):
    call = CallFactory(title=TITLE)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="reminder_call_opened", recipients=[user], about=call, context={"call": call}, url="/")
    [message] = sink.parsed()
    assert _subject(message) == f"[G-랩] 과제 공모 시작: {TITLE}"
    text, html = _parts(message)
    assert TITLE in text
    assert ESCAPED in html


@pytest.mark.django_db
def test_a_subject_stays_on_one_line(sink, django_capture_on_commit_callbacks):
    call = CallFactory(title="제목\r\nBcc: attacker@example.com\n\u2028끝")
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="reminder_call_opened", recipients=[user], about=call, context={"call": call}, url="/")
    [message] = sink.parsed()
    assert _subject(message) == "[G-랩] 과제 공모 시작: 제목 Bcc: attacker@example.com 끝"
    assert message["bcc"] is None
    assert [address for e in sink.messages for address in e.rcpt_tos] == [user.email]
