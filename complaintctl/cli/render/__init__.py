"""What the terminal shows: tables, plain listings, and the --json shapes."""
