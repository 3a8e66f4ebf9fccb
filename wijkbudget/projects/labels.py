"""What residents read for the project choices, statuses and refusals, in their language."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.projects.models import Audience, JoinWay, ProgrammeLine, SignupStatus

LINE_LABELS: dict[ProgrammeLine, LazyString] = {
    ProgrammeLine.WONEN: _l("Housing"),
    ProgrammeLine.WERKEN: _l("Work and income"),
    ProgrammeLine.LEREN: _l("Learning"),
    ProgrammeLine.VEILIG: _l("Feeling safe"),
    ProgrammeLine.MEEDOEN: _l("Taking part"),
}

AUDIENCE_LABELS: dict[Audience, LazyString] = {
    Audience.CHILDREN: _l("Children"),
    Audience.YOUNG_PEOPLE: _l("Young people"),
    Audience.PARENTS: _l("Parents"),
    Audience.OLDER: _l("Older residents"),
    Audience.EVERYONE: _l("Everyone"),
}

WAY_LABELS: dict[JoinWay, LazyString] = {
    JoinWay.TAKE_PART: _l("Take part"),
    JoinWay.VOLUNTEER: _l("Help as a volunteer"),
    JoinWay.THINK_ALONG: _l("Think along"),
}

WAY_EXPLANATIONS: dict[JoinWay, LazyString] = {
    JoinWay.TAKE_PART: _l("You join the activities."),
    JoinWay.VOLUNTEER: _l("You help to organise or run the activities."),
    JoinWay.THINK_ALONG: _l("You give your ideas and opinion about the project."),
}

STATUS_LABELS: dict[SignupStatus, LazyString] = {
    SignupStatus.NEW: _l("New"),
    SignupStatus.CONTACTED: _l("Contacted"),
    SignupStatus.JOINED: _l("Joined"),
    SignupStatus.WAITING: _l("Waiting list"),
    SignupStatus.CANCELLED: _l("Cancelled"),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    "closed": _l("Signing up for this project is closed."),
    "way_not_offered": _l("This project does not offer this way to join."),
    "email_or_phone": _l("Fill in your e-mail address or your phone number."),
    "guardian_needed": _l("A parent or guardian must fill in their name."),
    "consent_needed": _l("A parent or guardian must give permission."),
    "age_outside_range": _l("This project is for ages %(min)s to %(max)s."),
    "already_signed_up": _l(
        "This e-mail address or phone number is already signed up for this project."
    ),
    "bad_slug": _l("Use only small letters, digits and dashes."),
    "slug_taken": _l("Another project already has this web address."),
    "no_wijk": _l("Choose at least one wijk."),
    "not_your_wijk": _l("You can only add projects to your own wijk."),
    "no_way": _l("Choose at least one way to join."),
    "no_audience": _l("Choose at least one group."),
    "ages_out_of_order": _l("The lowest age must not be higher than the highest age."),
    "ends_before_start": _l("The end must be after the start."),
    "no_account": _l("There is no account with this e-mail address."),
    "already_coordinator": _l("This person already coordinates this project."),
    "bad_photo": _l("This is not a photo we can use. Use a JPEG or PNG file of at most 5 MB."),
    "photo_alt_needed": _l("Describe the photo for people who cannot see it."),
    "not_allowed": _l("You may not change this."),
    "project_full": _l(
        "The project is full. Cancel another sign-up first, or raise the number of places."
    ),
}


def localized(obj: object, field: str) -> str:
    """``obj.<field>_en`` for English readers when it is filled in, else the Dutch text."""
    if str(get_locale()) == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, f"{field}_nl"))


def error_text(code: str, params: dict[str, object]) -> str:
    message = ERROR_MESSAGES[code]
    return str(message % params if params else message)
