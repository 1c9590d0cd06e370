"""Factories for extra questions (추가 항목) and their answers."""

import factory

from proposals.enums import ExtraKind
from proposals.models import ExtraAnswer, ExtraQuestion

from . import CallFactory, ProposalFactory


class ExtraQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraQuestion

    call = factory.SubFactory(CallFactory)
    kind = ExtraKind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"추진 경험 {n}")
    max_length = 200
    position = factory.Sequence(lambda n: n + 1)


class ExtraAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraAnswer

    question = factory.SubFactory(ExtraQuestionFactory)
    proposal = factory.SubFactory(ProposalFactory, call=factory.SelfAttribute("..question.call"))
    value = "비슷한 사업을 2년 동안 맡았습니다."
