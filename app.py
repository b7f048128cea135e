"""Streamlit entry point: navigation and what every page shares."""

import streamlit as st

st.set_page_config(page_title="CX maturity", layout="wide")
st.title("CX maturity")
st.write("The app is being assembled; use `python -m cxmaturity` meanwhile.")
