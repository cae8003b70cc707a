"""Risk model v2: impacts on people, rated through the paths that reach them.

Format (`format`), checks (`checks`), a compiled index (`index`), the engine (`engine`), the
plan (`plan`), the one ranking (`ranking`) and the commands' loading (`load`): `hrdd score`
and the end of `hrdd assess` use it; `hrdd report` does not yet.
"""
