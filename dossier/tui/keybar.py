"""The footer: the keys that work here and now, on one line.

Made from the screen's active bindings, so a key shows only where its action applies
(`check_action`), with the label its binding has at that moment ("c Compare 2 marked").
It is one widget drawn as one line: Textual's Footer remounts a widget per key whenever
the bindings change, which on every pane switch cost more than the switch itself. When the
keys do not fit, the last ones are left out whole (the help and the palette list them all),
never cut to a bare key.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class KeyBar(Static):
    """The keys of the focused widget, its screen and the app that show in the footer."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    shown: list[tuple[str, str]] = []  # (key, label) on the line now

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._draw()

    def _bindings_changed(self, _screen) -> None:
        self._draw()

    def _draw(self) -> None:
        app = self.app
        keys: list[tuple[str, str]] = []
        actions: set[str] = set()
        palette = ""
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = app.get_key_display(binding)
            if not binding.show or not active.enabled or binding.action in actions:
                continue
            actions.add(binding.action)
            keys.append((app.get_key_display(binding), binding.description))
        right = Content.assemble((f" {palette}", "bold $footer-key-foreground"), " palette ") if palette else Content("")
        room = (self.size.width or 80) - right.cell_length - 1
        parts: list = []
        used = 0
        self.shown = []
        for key, label in keys:
            width = len(key) + len(label) + 3
            if used + width > room:
                break  # left out whole: the help and the palette have it
            parts += [(f" {key} ", "bold $footer-key-foreground"), f"{label} "]
            used += width
            self.shown.append((key, label))
        gap = " " * max(0, room - used + 1)
        self.update(Content.assemble(*parts, gap, right), layout=False)
