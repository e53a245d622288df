"""The browser's settings, kept between runs in the user's config folder: the theme, and keys
remapped by binding id.

The file is `browser.toml` in platformdirs' config folder for "dossier" (on Linux
~/.config/dossier/), or in $DOSSIER_CONFIG_DIR when that is set:

    theme = "nord"

    [keys]            # binding id = keys, comma-separated; `?` lists the ids
    "main.search" = "s"
    "main.export" = "E"
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_DIR_ENV = "DOSSIER_CONFIG_DIR"
FILE_NAME = "browser.toml"


@dataclass
class Settings:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    problem: str = ""  # why the file could not be read, to tell the user


def settings_path() -> Path:
    """Where the settings live: $DOSSIER_CONFIG_DIR, or the user's config folder."""
    folder = os.environ.get(CONFIG_DIR_ENV)
    if folder:
        return Path(folder) / FILE_NAME
    from platformdirs import user_config_path  # a Textual dependency

    return user_config_path("dossier", appauthor=False) / FILE_NAME


def load() -> Settings:
    """The saved settings; defaults when there are none, with the problem when the file is unreadable."""
    path = settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(problem=f"{path}: {exc}; using the defaults.")
    theme = data.get("theme")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        return Settings(theme if isinstance(theme, str) else None, problem=f"{path}: [keys] maps ids to strings.")
    return Settings(theme if isinstance(theme, str) else None, dict(keys))


def save(settings: Settings) -> Path:
    """Write the settings; OSError when the folder cannot be written."""
    path = settings_path()
    lines = [f"theme = {json.dumps(settings.theme)}"] if settings.theme else []
    if settings.keys:
        lines += ["", "[keys]", *(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(settings.keys.items()))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
