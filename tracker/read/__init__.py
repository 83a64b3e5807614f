"""Reading: the bytes of one edition (plain text, Markdown or HTML) -> a `Document` of blocks.

The first stage of the data flow; it knows nothing of bases or dates beyond the vocabulary it
uses to tell a heading from a sentence. See `tracker.read.reader` for the stages.
"""

from tracker.read.decoding import UTF8, charset_for, codec_name
from tracker.read.document import Block, BlockKind, Document
from tracker.read.reader import (
    MAX_BYTES,
    decode,
    file_bytes,
    max_bytes_limit,
    read_document,
    read_path,
    read_text,
    sniff_format,
    stream_bytes,
)

__all__ = ["MAX_BYTES", "UTF8", "Block", "BlockKind", "Document", "charset_for", "codec_name", "decode", "file_bytes",
           "max_bytes_limit", "read_document", "read_path", "read_text", "sniff_format", "stream_bytes"]
