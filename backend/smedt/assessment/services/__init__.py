"""Assessment writes, one function each."""
