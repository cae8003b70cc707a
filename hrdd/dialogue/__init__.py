"""The terminal dialogue of `hrdd assess`: session state, prompts and screens."""
