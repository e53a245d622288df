"""dossier.tui.upstream: the workaround for Textual issue #6665 applies, frees what the bug
kept, and is still needed."""

from __future__ import annotations

import gc
import inspect
import weakref

import textual._styles_cache as styles_cache_module
from textual._styles_cache import StylesCache
from textual.color import Color

from dossier.tui.upstream import release_styles_caches


def test_the_pinned_textual_still_caches_get_inner_outer_by_instance():
    """When this fails, Textual has changed the method: check #6665 and drop the workaround."""
    source = inspect.getsource(styles_cache_module)
    assert "@lru_cache(1024)\n    def get_inner_outer(" in source


def test_a_styles_cache_is_freed_once_its_widget_is_gone():
    assert release_styles_caches()
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(Color(10, 20, 30), Color(200, 0, 0, 0.5))
    assert outer.background == Color(10, 20, 30) and inner.background == Color(10, 20, 30) + Color(200, 0, 0, 0.5)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def test_the_workaround_applies_once_and_shares_one_cache():
    assert release_styles_caches() and release_styles_caches()
    a, b = StylesCache(), StylesCache()
    colours = (Color(1, 2, 3), Color(4, 5, 6))
    assert a.get_inner_outer(*colours) is b.get_inner_outer(*colours)
