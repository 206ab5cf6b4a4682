"""Lab mode: a submission taken in, built, explored and booted, each step in a sandbox."""
