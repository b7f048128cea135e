"""Sign in (team mode): the identity provider's button and/or e-mail and password; also sets a new password."""

from cxmaturity.ui.context import enter_page
from cxmaturity.ui.signin_view import sign_in_page
from cxmaturity.ui.team import take_reset_token

enter_page(__file__)
take_reset_token()
sign_in_page({"results": "pages/results.py", "roadmap": "pages/roadmap.py", "clients": "pages/clients.py"})
