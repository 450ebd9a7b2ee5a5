"""What tests share besides fixtures (those stay in conftest.py): the clock, a typical case, and builders of
inputs. Tests import from here, never from conftest."""
