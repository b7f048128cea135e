"""The only package that imports streamlit: session context, cached resources, shared widgets."""
