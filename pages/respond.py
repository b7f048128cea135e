"""A respondent's personal link (``?r=<token>``): their own questionnaire, saved as they go, and nothing else.

How it works for the respondent is explained on the page ("How this works", catalogue key
``respond.help``): answers are saved at once; after "Submit my answers" a thank-you; while the
assessment is collecting, "Change my answers" reopens the questionnaire and the submission stays.
"""

from cxmaturity.ui import respondent_view as view
from cxmaturity.ui.context import enter_page

enter_page(__file__)

invitation = view.require_respondent()
language = view.respondent_language(invitation.assessment)
view.welcome(invitation, language)
if invitation.assessment.is_closed:
    view.closed(invitation, language)
elif view.is_editing(invitation.respondent):
    view.answering(invitation, language)
else:
    view.thanks(invitation, language)
