"""Filling the Question bank page's "add your own question" form in AppTest."""

from streamlit.testing.v1 import AppTest

from sim.ui import state_keys as keys


def add_question_through_the_form(at: AppTest, question_id: str) -> None:
    """Open the bank page, fill the form with a valid system-design question and submit."""
    at.switch_page("sim/ui/app_pages/bank.py").run()
    form_inputs = {t.label: t for t in at.text_input}
    form_inputs["Id (lowercase-dashes)"].input(question_id)
    form_inputs["Topic id (existing or new)"].input("payments-ledger")
    form_inputs["Title for a new topic"].input("Payments ledger")
    areas = {t.label: t for t in at.text_area}
    areas["Prompt"].input("Design Contoso's payments ledger for 5,000 writes per second.")
    areas["Key points (one per line: point | alias, alias)"].input(
        "\n".join(f"Key point number {i} | alias{i}" for i in range(5))
    )
    areas["Follow-ups (one per line: dimension: question)"].input(
        "depth: What if the provider times out?\nownership: Who gets paged at 3am?"
    )
    at.multiselect[-2].select("system_design")  # the form's Tracks
    next(b for b in at.main.button if b.label == "Add question").click().run()


def open_history_tab(at: AppTest, label: str) -> AppTest:
    """Open a History tab: only the open tab runs, as a click on it does in the browser."""
    at.session_state[keys.HISTORY_TAB] = label
    at.run()
    assert not at.exception
    return at
