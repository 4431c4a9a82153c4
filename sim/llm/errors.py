"""LLM failures as the product names them: each says what happened and what to do next."""


class LLMError(RuntimeError):
    """Base: `kind` is a short stable code (stored in the call log), str() the user message."""

    kind = "error"
    retryable = True


class LLMNotConfigured(LLMError):
    kind = "not_configured"
    retryable = False


class LLMAuthError(LLMError):
    kind = "auth"
    retryable = False


class LLMModelNotFound(LLMError):
    kind = "model_not_found"
    retryable = False


class LLMRateLimited(LLMError):
    kind = "rate_limited"


class LLMRejected(LLMError):
    kind = "rejected"  # a 4xx with the provider's own reason (context too long, bad request)


class LLMTimeout(LLMError):
    kind = "timeout"


class LLMUnavailable(LLMError):
    kind = "unavailable"  # connection refused, DNS, 5xx after the SDK's retries


class LLMBadOutput(LLMError):
    kind = "bad_output"  # HTML, empty, cut or invalid JSON, refusal, schema mismatch
