"""Inspections: a head logs Ofsted's call; the right people are told at once; the
organisation's protocol of expected contacts is followed before, during and after.

Ofsted's framework (evaluation areas and grade scales) and each organisation's protocol
are data, so that a new framework or a changed protocol needs no code.

The models are split by subject: the record itself (`record`), the protocol and each
inspection's timeline (`protocol`), the provisional outcome (`outcome`), and what comes
after (`aftercare`). Import them from here.
"""

from .aftercare import (
    Concern,
    ConcernAction,
    FeedbackForm,
    FeedbackQuestion,
    LearningReview,
    SupportPlan,
)
from .outcome import EvaluationArea, Framework, Grade, GradeScale, ProvisionalGrade
from .protocol import (
    CalendarFeed,
    Contact,
    ExpectedContact,
    InspectionRequest,
    ProtocolStep,
    ProtocolVersion,
    Step,
)
from .record import Inspection, InspectionGuidance

__all__ = [
    "CalendarFeed",
    "Concern",
    "ConcernAction",
    "Contact",
    "EvaluationArea",
    "ExpectedContact",
    "FeedbackForm",
    "FeedbackQuestion",
    "Framework",
    "Grade",
    "GradeScale",
    "Inspection",
    "InspectionGuidance",
    "InspectionRequest",
    "LearningReview",
    "ProtocolStep",
    "ProtocolVersion",
    "ProvisionalGrade",
    "Step",
    "SupportPlan",
]
