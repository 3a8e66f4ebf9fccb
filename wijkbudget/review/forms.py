"""Forms for the werkgroep: criteria, a review per criterion, the decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from wijkbudget.forms import AppForm, SubForm
from wijkbudget.review.models import Outcome, Strength, Verdict

VERDICT_CHOICES = [
    SelectChoice(Verdict.MEETS.value, _l("Meets")),
    SelectChoice(Verdict.DOES_NOT_MEET.value, _l("Does not meet")),
    SelectChoice(Verdict.UNCLEAR.value, _l("Unclear")),
]


class CriterionRow(SubForm):
    text = StringField(_l("Criterion"), validators=[Optional(), Length(max=300)])
    explanation = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=2000)])
    strength = SelectField(
        _l("How strict"),
        choices=[
            SelectChoice(Strength.MUST.value, _l("Must: otherwise not admitted")),
            SelectChoice(Strength.SHOULD.value, _l("Should: weighs in")),
        ],
    )


class CriteriaForm(AppForm):
    rows = FieldList(FormField(CriterionRow), min_entries=1, max_entries=30)
    reason = TextAreaField(
        _l("Reason for the change"),
        description=_l("Needed once the check has started: a new version of the criteria is made."),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Publish the criteria"))


class VerdictRow(SubForm):
    # Rows are matched to criteria by id, never by position: the criteria may get a new
    # version between opening the form and sending it.
    criterion_id = HiddenField()
    verdict = RadioField(_l("Verdict"), choices=VERDICT_CHOICES, validators=[Optional()])
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Needed when it does not meet, or is unclear."),
        validators=[Optional(), Length(max=2000)],
    )


class ReviewForm(AppForm):
    verdicts = FieldList(FormField(VerdictRow), min_entries=0)
    submit = SubmitField(_l("Save my review"))


class DecisionForm(ReviewForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(Outcome.ADMITTED.value, _l("Admitted to the vote")),
            SelectChoice(Outcome.CHANGES_NEEDED.value, _l("Changes needed")),
            SelectChoice(Outcome.NOT_ADMITTED.value, _l("Not admitted")),
        ],
        validators=[Optional()],
    )
    changes = TextAreaField(
        _l("What must change?"),
        description=_l("Needed for changes: the initiator reads this list."),
        validators=[Optional(), Length(max=4000)],
    )
    explanation = TextAreaField(
        _l("Explanation for residents"), validators=[Optional(), Length(max=4000)]
    )
    submit = SubmitField(_l("Take the decision"))


class ConflictForm(AppForm):
    reason = StringField(
        _l("Why you do not review this idea"),
        description=_l("For example: it is my own idea, or of a family member."),
        validators=[Optional(), Length(max=500)],
    )
    declare = SubmitField(_l("I have a conflict of interest"))
