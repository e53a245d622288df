"""A workaround for a known bug of the pinned Textual, with its upstream issue.

tests/test_upstream.py fails when the bug is gone from Textual (then this can go) and when
the workaround stops applying.
"""

from __future__ import annotations

from functools import lru_cache


def release_styles_caches() -> bool:
    """Textual issue #6665: `StylesCache.get_inner_outer` is an instance method under
    `lru_cache(1024)`, so the cache's keys hold the last 1,024 StylesCache objects, each
    with its widget's rendered lines (Strips), long after the widget is gone: every export
    dialog, compare screen and palette opened left its rendering behind, and each full
    collection of the cyclic collector walked more of it. The colours it computes do not
    depend on the instance, so the cache is shared, keyed by the colours alone. Returns
    whether the workaround was applied (False: Textual no longer has the bug)."""
    from textual._styles_cache import StylesCache

    method = StylesCache.__dict__.get("get_inner_outer")
    if getattr(method, "shared", False):
        return True  # applied already (each app applies it)
    original = getattr(method, "__wrapped__", None)
    if original is None or not hasattr(method, "cache_info"):
        return False  # no longer a cache keyed by the instance
    shared = lru_cache(1024)(lambda base_background, background: original(None, base_background, background))

    def get_inner_outer(self, base_background, background):
        return shared(base_background, background)

    get_inner_outer.shared = True  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]
    return True
