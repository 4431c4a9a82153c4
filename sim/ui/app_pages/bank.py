"""Question bank: search and filter, open a question, practise it, add your own."""

import streamlit as st

from sim import user_bank, user_questions
from sim.deployment import shared_deployment
from sim.domain.errors import DataFileError
from sim.domain.types import KIND_LABELS, TRACK_LABELS, Difficulty, Dimension, Kind, Track
from sim.ui import state_keys as keys
from sim.ui.shell import bank, engine
from sim.ui.text import escape_markdown

PRACTICE_PAGE = "sim/ui/app_pages/practice.py"

st.title("Question bank")
shared = shared_deployment()
questions = list(bank().questions)
topics = bank().topics

search = st.text_input("Search", placeholder="e.g. cosmos partition, saga, mentoring", key="bank_q")
c_kind, c_track, c_topic, c_diff = st.columns(4)
kinds = c_kind.multiselect("Kind", list(Kind), format_func=lambda k: KIND_LABELS[k])
tracks = c_track.multiselect("Track", list(Track), format_func=lambda t: TRACK_LABELS[t])
topic_ids = sorted({q.topic for q in questions}, key=lambda t: topics[t].title.lower())
chosen_topics = c_topic.multiselect("Topic", topic_ids, format_func=lambda t: topics[t].title)
levels = c_diff.multiselect("Difficulty", list(Difficulty), format_func=lambda d: d.value)

terms = search.lower().split()


def _matches(q) -> bool:
    haystack = " ".join([q.id, q.prompt, topics[q.topic].title, *q.competencies]).lower()
    return (
        all(term in haystack for term in terms)
        and (not kinds or q.kind in kinds)
        and (not tracks or set(tracks) & set(q.tracks))
        and (not chosen_topics or q.topic in chosen_topics)
        and (not levels or q.difficulty in levels)
    )


shown = [q for q in questions if _matches(q)]
st.caption(f"{len(shown)} of {len(questions)} questions")
st.dataframe(
    [
        {
            "id": q.id,
            "kind": KIND_LABELS[q.kind],
            "topic": topics[q.topic].title,
            "difficulty": q.difficulty.value,
            "minutes": q.time_limit_min,
            "prompt": q.prompt,
        }
        for q in shown
    ],
    hide_index=True,
    width="stretch",
    height=300,
)

if shown:
    by_id = {q.id: q for q in shown}
    opened = by_id[st.selectbox("Open a question", list(by_id), key="bank_open")]
    st.markdown(f"#### {escape_markdown(opened.prompt)}")
    st.caption(
        f"{KIND_LABELS[opened.kind]} · {opened.difficulty.value} · {opened.time_limit_min} min · "
        f"{', '.join(TRACK_LABELS[t] for t in opened.tracks)} · "
        + escape_markdown(opened.source.label)
    )
    if opened.competencies:
        st.caption("Competencies: " + escape_markdown(", ".join(opened.competencies)))
    if st.button("Practise this question", type="primary", key="bank_practise"):
        st.session_state[keys.PRACTICE_QUESTION_ID] = opened.id
        st.switch_page(PRACTICE_PAGE)
    st.caption("Key points and the model outline are revealed after you answer.")
else:
    st.info("No question matches. Clear a filter or try fewer search words.")

st.divider()
with st.expander("Add your own question"):
    if shared:
        st.caption(
            "Saved to your account: only you see it. Validated like the shipped bank; practise "
            "it on Practice."
        )
    else:
        st.caption(
            f"Saved to `{user_bank.user_file()}` — validated like the shipped bank and never "
            "overwritten by upgrades."
        )
    with st.form("add_question", clear_on_submit=False):
        new_id = st.text_input("Id (lowercase-dashes)", placeholder="my-contoso-payments")
        kind = st.selectbox("Kind", list(Kind), format_func=lambda k: KIND_LABELS[k])
        new_tracks = st.multiselect("Tracks", list(Track), format_func=lambda t: TRACK_LABELS[t])
        topic = st.text_input("Topic id (existing or new)", placeholder="payments")
        topic_title = st.text_input("Title for a new topic", placeholder="Payments")
        difficulty = st.selectbox("Difficulty", list(Difficulty), index=1)
        minutes = st.number_input("Time limit (minutes)", 2, 90, 45)
        prompt = st.text_area("Prompt")
        source = st.text_input("Source", placeholder="Contoso loop, recruiter notes")
        key_points = st.text_area(
            "Key points (one per line: point | alias, alias)",
            placeholder="Idempotent payment capture | idempotency key, dedupe",
        )
        follow_ups = st.text_area(
            "Follow-ups (one per line: dimension: question)",
            placeholder="depth: What happens if the provider times out after charging?",
        )
        competencies = st.multiselect("Competencies (behavioral)", sorted(bank().competencies))
        submitted = st.form_submit_button("Add question")
    if submitted:
        parsed_points = []
        for line in key_points.splitlines():
            if line.strip():
                point, _, aliases = line.partition("|")
                parsed_points.append(
                    {
                        "point": point.strip(),
                        "aliases": [a.strip() for a in aliases.split(",") if a.strip()]
                        or [point.strip()],
                    }
                )
        parsed_follow_ups = []
        for line in follow_ups.splitlines():
            if line.strip():
                dim, _, text = line.partition(":")
                known = dim.strip().lower() in {d.value for d in Dimension}
                parsed_follow_ups.append(
                    {"dimension": dim.strip().lower(), "question": text.strip()}
                    if known
                    else {"dimension": "depth", "question": line.strip()}
                )
        record = {
            "id": new_id.strip(),
            "kind": kind.value,
            "tracks": [t.value for t in new_tracks],
            "topic": topic.strip(),
            "difficulty": difficulty.value,
            "time_limit_min": int(minutes),
            "prompt": prompt.strip(),
            "source": {"seed": "user", "section": source.strip() or "my own question"},
            "key_points": parsed_points,
            "follow_ups": parsed_follow_ups,
            "competencies": competencies,
        }
        try:
            title = topic_title.strip() or None
            added = (
                user_questions.add(engine(), record, new_topic_title=title)
                if shared  # one person's question is theirs, not everyone's
                else user_bank.add_user_question(record, new_topic_title=title)
            )
            st.success(f"Added {added.id}. It is in the bank now.")
        except DataFileError as exc:
            st.error(
                f"Not added to {escape_markdown(str(exc.path))}:\n\n"
                + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems)
            )
