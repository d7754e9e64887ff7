"""Articles: reading the corpus and extracting dated events and actors from text."""
