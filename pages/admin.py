"""Users and audit log (team mode, admins only): invite, role, disable, reset link, end sessions; the audit log."""

import streamlit as st

from cxmaturity.ui.admin_view import audit_section, users_section
from cxmaturity.ui.context import enter_page, t

enter_page(__file__)

st.title(t("auth.admin.title"))
users_section()
st.divider()
audit_section()
