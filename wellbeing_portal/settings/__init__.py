"""Settings modules: base (everything, from the environment), demo, test, production."""
