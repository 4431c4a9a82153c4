"""Settings: which grader and LLM are configured (never the key), and a connection test."""

import streamlit as st

from sim import llm_accounting, service
from sim.domain.redaction import redact
from sim.ui.shell import engine, storage_caption
from sim.ui.text import escape_markdown

st.title("Settings")
settings = service.llm_settings()

if settings.configured:
    st.success(
        f"LLM grading is configured ({settings.provider}). The default grader is "
        f"**{settings.grader}**; the offline grader stays available beside it."
    )
else:
    st.info(
        "No LLM is configured: answers are graded by the offline heuristic grader. "
        "Set the variables below (environment or `.streamlit/secrets.toml`) and restart."
    )

st.table([{"setting": k, "value": v} for k, v in settings.describe().items()])

if st.button("Test connection", disabled=not settings.configured, key="test_connection"):
    with st.spinner("Calling the model..."):
        ok, message = llm_accounting.test_llm_connection(settings, engine())
    (st.success if ok else st.error)(escape_markdown(redact(message)))

with st.expander("How to configure"):
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
        "million tokens"
    )

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
st.caption(storage_caption())
