"""`sim providers list|test NAME` and `sim grade --provider NAME`: the provider profiles set up
on Settings, from a terminal. Keys come from keys.json ("remember on this machine"); a key kept
only in a browser session is not known here. No key is ever printed, only its last four."""

import argparse
import json
from typing import Any

from sim.cli_output import error


def _rows() -> list[dict[str, Any]]:
    from sim.llm.settings import load_settings
    from sim.providers import choices, keys, profiles

    env = load_settings()
    default = choices.default_choice(env)
    remembered = keys.read_file()
    rows: list[dict[str, Any]] = []
    if env.configured:
        rows.append(
            {
                "name": profiles.ENVIRONMENT,
                "kind": env.provider,
                "where": env.endpoint or "api.openai.com (default)",
                "model": env.model,
                "capability": env.capability,
                "detected_at": None,
                "key": "set" if env.api_key else "not set",
                "default": default == choices.ENV_CHOICE,
                "read_only": True,
            }
        )
    for p in profiles.load().profiles:
        key = remembered.get(p.name)
        rows.append(
            {
                "name": p.name,
                "kind": p.kind,
                "where": p.where,
                "model": p.model,
                "capability": p.capability,
                "detected_at": p.detected_at.isoformat() if p.detected_at else None,
                "key": f"remembered {keys.masked(key)}" if key else "not remembered",
                "default": default == choices.profile_choice(p.name),
                "read_only": False,
            }
        )
    return rows


def _cmd_list(args: argparse.Namespace) -> int:
    rows = _rows()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no LLM provider yet: add one on the Settings page (the offline grader is used)")
    for r in rows:
        mark = "*" if r["default"] else " "
        print(
            f"{mark} {r['name']:<20} {r['kind']:<10} {r['model'] or '-':<24} "
            f"{r['capability'] or 'not tested':<13} {r['key']:<22} {r['where']}"
        )
    return 0


def _cmd_test(args: argparse.Namespace) -> int:
    from sim import provider_checks
    from sim.llm_accounting import test_llm_connection
    from sim.providers import keys, profiles
    from sim.storage.db import make_engine

    if args.name == profiles.ENVIRONMENT:
        from sim.llm.settings import load_settings

        ok, message = test_llm_connection(load_settings(), make_engine())
    else:
        profile = profiles.get(args.name)
        if profile is None:
            error(f"no provider profile named {args.name!r} (see `sim providers list`)")
            return 2
        key = keys.read_file().get(profile.name)
        if profile.needs_key and key is None:
            error(
                f"provider {profile.name!r} has no remembered key: enter it on Settings and tick "
                "'remember on this machine'"
            )
            return 2
        ok, message, _ = provider_checks.check_profile(profile, key, make_engine())
    (print if ok else error)(message)
    return 0 if ok else 1


def _provider_choice(name: str) -> str:
    """--provider NAME as a grader choice; an unknown name stops at parse time."""
    from sim.providers import choices, profiles

    if name == profiles.ENVIRONMENT:
        return choices.ENV_CHOICE
    try:
        found = profiles.get(name)
    except profiles.ProviderFileError as exc:  # argparse would hide its message otherwise
        raise argparse.ArgumentTypeError(str(exc)) from None
    if found is None:
        raise argparse.ArgumentTypeError(
            f"no provider profile named {name!r} (see `sim providers list`)"
        )
    return choices.profile_choice(name)


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    providers = sub.add_parser("providers", help="LLM provider profiles (set up on Settings)")
    providers_sub = providers.add_subparsers(dest="providers_command", required=True)
    listing = providers_sub.add_parser("list", help="profiles, the default marked with *")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_cmd_list)
    test = providers_sub.add_parser(
        "test", help="one-token connection test; stores the structured output the server supports"
    )
    test.add_argument("name", help="a profile name, or 'environment'")
    test.set_defaults(func=_cmd_test)
    # `sim grade --provider NAME`: the grade command's grader, chosen by profile name.
    sub.choices["grade"].add_argument(
        "--provider",
        dest="grader",
        type=_provider_choice,
        metavar="NAME",
        help="grade with this provider profile (see `sim providers list`)",
    )
