"""Risk model v2: impacts on people, rated through the paths that reach them.

Format (`format`), checks (`checks`), a compiled index (`index`), the engine (`engine`), the
plan (`plan`) and the one ranking (`ranking`). Not wired into the commands yet.
"""
