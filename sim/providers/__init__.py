"""LLM provider profiles (providers.json), their keys (keys.json, or the browser session)
and the grader a choice resolves to."""
