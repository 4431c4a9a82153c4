"""LLM edge: provider settings, the openai client, token counting. The only package that imports
openai (and tiktoken)."""
