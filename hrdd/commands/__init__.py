"""The commands: one module per `hrdd` command, each with a ``run`` the CLI calls."""
