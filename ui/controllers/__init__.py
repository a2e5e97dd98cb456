"""What the window's actions do: one controller per concern, each over the core (annotator/).

A key press goes: QAction (ui/actions.py table) -> a controller method -> an operation of
annotator/operations run through the editor's history (ui/undo.py; reads go to the Store) -> the controller
shows the answer and, when the database changed under the panes, asks the window for its one `refresh()`.
"""
