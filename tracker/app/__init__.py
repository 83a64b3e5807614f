"""The use cases: ingest (read, parse, settle identity, diff, then store), the audit views
(log, diff by reference, show, history, timeline), aliases and export. Each returns plain data;
`tracker.present` turns it into text, Markdown or HTML and the CLI prints it."""
