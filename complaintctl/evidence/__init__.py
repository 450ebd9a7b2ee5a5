"""Pure parsers that turn what the user hands over (files, and later emails and transcripts) into evidence."""
