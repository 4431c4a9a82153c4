"""The Import / export tab: download the bank as Markdown, or import an export."""

import streamlit as st

from sim.domain.stories import StoryError
from sim.stories import service as stories
from sim.ui.shell import engine
from sim.ui.stories.common import flash, safe


@safe
def _import() -> None:
    upload = st.session_state.get("stories_upload")
    text = upload.getvalue().decode("utf-8", "replace") if upload else ""
    text = text or st.session_state.get("stories_import_text", "")
    if not text.strip():
        flash("warning", "Nothing to import: upload a Markdown export or paste one.")
        return
    try:
        report = stories.import_markdown(engine(), text)
    except StoryError as exc:
        flash("error", f"Nothing imported: {exc}.")
        return
    flash(
        "success",
        f"Imported {len(report.imported)} stories; skipped {len(report.skipped)} already in "
        "the bank.",
    )


def render_io_tab(has_stories: bool) -> None:
    """The Markdown download with a preview, and the upload / paste import."""
    text = stories.export_markdown(engine())
    st.download_button(
        "Download all stories (Markdown)",
        data=text,
        file_name="star-stories.md",
        mime="text/markdown",
        disabled=not has_stories,
        key="stories_download",
    )
    if has_stories:
        with st.expander("Preview the export"):
            st.code(text, language="markdown", wrap_lines=True)
    st.markdown("**Import**")
    st.caption("Stories already in the bank (same title and text) are skipped, never duplicated.")
    st.file_uploader("Markdown export", type=["md", "markdown", "txt"], key="stories_upload")
    st.text_area("…or paste it here", key="stories_import_text", height=120)
    st.button("Import stories", key="stories_import", on_click=_import)
