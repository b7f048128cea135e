"""Your account (team mode): who is signed in, sign-out, and a password change for a local account."""

from cxmaturity.ui.context import enter_page
from cxmaturity.ui.signin_view import account_page

enter_page(__file__)
account_page()
