"""What the window's actions do: one controller per concern, each over the core (annotator/).

A key press goes: QAction (ui/actions.py table) -> a controller method -> a Store call (through a command
of ui/undo.py when it can be undone) -> the controller shows the answer and, when the database changed
under the panes, asks the window for its one `refresh()`.
"""
