"""Streamlit faces. The only package (with app.py) that imports streamlit."""
