"""Settings: the LLM providers (the environment's, read-only, and the profiles set up here, each
with its key, connection test and detected capability), the default grader, and LLM usage."""

import streamlit as st

from sim import llm_accounting, service
from sim.domain.redaction import redact
from sim.providers import choices, profiles
from sim.ui.current_user import current_account
from sim.ui.provider_flash import show_flash
from sim.ui.provider_form import render_add_form
from sim.ui.providers_view import render_profile
from sim.ui.sharing_view import render_sharing
from sim.ui.shell import engine, storage_note
from sim.ui.text import escape_markdown

st.title("Settings")
show_flash()
settings = service.llm_settings()
stored, problem = choices.stored_profiles()
if problem:  # named file and field; the file is left exactly as it is
    st.error(escape_markdown(problem) + " Fix the file, then reload: nothing is added meanwhile.")
default = choices.default_choice(settings)

shared = settings.shared_deployment  # the grader is the operator's: nothing to set up here
st.subheader("Default grader")
if shared:
    st.info(
        "On this shared deployment answers are graded by the grader its operator set up "
        "(below, from the environment); provider profiles and keys cannot be added here."
    )
elif default == choices.OFFLINE:
    st.info(
        "Answers are graded by the offline heuristic grader. Add an LLM provider below and make "
        "it the default (no restart), or pick it per grade on Practice, Mock interview and "
        "Stories."
    )
default_label = escape_markdown(choices.label(default, mark_default=False))
st.caption(
    f"Pages grade with **{default_label}** unless you pick another grader there."
    + ("" if shared else " Make a provider the default below; no restart needed.")
)
if (
    not shared
    and default != choices.OFFLINE
    and st.button("Make the offline grader the default", key="default_offline")
):
    profiles.set_default(profiles.OFFLINE)
    st.rerun()

st.subheader("LLM providers")
if not shared:
    render_add_form()
for profile in stored.profiles:
    render_profile(profile, default)

with st.container(border=True, key="provider::environment"):
    st.markdown(
        "**environment** · read-only" + (" · default" if default == choices.ENV_CHOICE else "")
    )
    if settings.configured:
        st.caption(
            f"From environment variables or `.streamlit/secrets.toml` ({settings.provider}); "
            "change them there and restart."
        )
    else:
        st.caption(
            "Nothing set in the environment or `.streamlit/secrets.toml`. Add a provider above, "
            "or set the variables below and restart."
        )
    st.table([{"setting": k, "value": v} for k, v in settings.describe().items()])
    cols = st.columns(2)
    if cols[0].button("Test connection", disabled=not settings.configured, key="test_connection"):
        with st.spinner("Calling the model..."):
            ok, message = llm_accounting.test_llm_connection(settings, engine())
        (st.success if ok else st.error)(escape_markdown(redact(message)))
    can_default = not shared and settings.configured and default != choices.ENV_CHOICE
    if can_default and cols[1].button("Make default", key="default::environment"):
        profiles.set_default(profiles.ENVIRONMENT)
        st.rerun()

with st.expander("How to configure with environment variables"):
    st.markdown(
        "- **OpenAI**: `OPENAI_API_KEY`, optional `SIM_LLM_MODEL` (default `gpt-4o-mini`)\n"
        "- **Azure OpenAI**: `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_ENDPOINT`, "
        "`OPENAI_API_VERSION`, `SIM_LLM_MODEL` = your deployment name\n"
        "- **OpenAI-compatible server** (Ollama, vLLM, LM Studio, llama.cpp): "
        "`OPENAI_BASE_URL`, `SIM_LLM_MODEL`\n"
        "- `SIM_GRADER=offline` keeps the offline grader as the default\n"
        "- `SIM_LLM_SAMPLES=3`: median of 3 gradings with the spread shown; "
        "`SIM_LLM_PER_DIMENSION=1`: one call per dimension\n"
        "- `SIM_PRICE_INPUT_PER_MTOK` / `SIM_PRICE_OUTPUT_PER_MTOK`: your prices, USD per "
        "million tokens\n"
        "- `SIM_CONFIG_DIR`: where provider profiles (`providers.json`) and remembered keys "
        "(`keys.json`) are kept"
    )

if account := current_account():  # a signed-in user may share with a mentor
    render_sharing(account)

usage = llm_accounting.usage_summary(engine())
st.subheader("LLM usage")
if usage["calls"]:
    cost = f"${usage['cost_usd']:.4f}" if usage["cost_usd"] is not None else "price unknown"
    st.caption(
        f"{usage['calls']} calls · {usage['tokens_in']:,} tokens in · "
        f"{usage['tokens_out']:,} out · {cost} · {usage['failed']} failed"
    )
else:
    st.caption("No LLM calls yet.")
storage_note()
