"""Cost estimates. Prices change: SIM_PRICE_INPUT_PER_MTOK / SIM_PRICE_OUTPUT_PER_MTOK override;
unknown models (local servers, new releases) show tokens with no cost rather than a guess."""

# USD per million tokens (input, output), published list prices; override for your contract.
LIST_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


def price_for(
    model: str, input_override: float | None, output_override: float | None
) -> tuple[float, float] | None:
    if input_override is not None and output_override is not None:
        return input_override, output_override
    for name in sorted(LIST_PRICES, key=len, reverse=True):  # longest prefix wins
        if model == name or model.startswith(name + "-"):
            return LIST_PRICES[name]
    return None


def cost_usd(tokens_in: int, tokens_out: int, price: tuple[float, float] | None) -> float | None:
    if price is None:
        return None
    return round((tokens_in * price[0] + tokens_out * price[1]) / 1_000_000, 6)
