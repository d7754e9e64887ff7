"""The build: analyse each article (a pure function of article and matcher), merge, write."""
