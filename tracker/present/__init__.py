"""Presentation: every renderer of text and Markdown for people, in one place. Pure string
building over the plain data the use cases return; nothing here reads a database."""
