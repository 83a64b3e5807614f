"""The words of the domain, shared by reading and parsing: dates as briefs write them,
numbers in words and digits, and the verbs and nouns of withdrawal and handover."""
