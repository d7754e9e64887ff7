"""A dashboard session without a browser: Streamlit's own protocol over its websocket.

What the browser sends when a page opens is one ``BackMsg`` with a ``rerun_script`` (the URL's
query string); the server runs the script and streams ``ForwardMsg`` deltas until
``script_finished``. ``open_page`` sends the same on a new stream and times the answer, so one
bench can put the server under twenty analysts' load while only a few real browsers (which cost
seconds of CPU each to draw the page) measure what an analyst sees. An action is a page opened
on a link that carries it (``?place=…``, ``?since=…``): the server runs the script from a fresh
session, more work than the rerun of a click in an open tab (which also sends every widget's
state, which this client does not know), so the load is if anything heavier than twenty tabs'.

Like a browser it reports the cacheable messages it already holds (``cached_message_hashes``),
so the server sends references instead of repeating the large ones.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "/_stcore/stream"
MAX_MESSAGE = 200 * 1024 * 1024


class ProtocolError(Exception):
    """The server closed the stream, or the script raised."""


class ProtocolSession:
    """One session of ``base`` (``http://127.0.0.1:PORT``) spoken to over the websocket."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.url = f"ws://{parts.netloc}{STREAM_PATH}"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.cached: set[str] = set()
        self.socket = None
        self.bytes_received = 0

    async def connect(self, timeout_s: float = 60.0) -> None:
        try:
            self.socket = await websockets.connect(
                self.url,
                origin=self.origin,
                subprotocols=["streamlit"],
                max_size=MAX_MESSAGE,
                open_timeout=timeout_s,
            )
        except TimeoutError as exc:
            raise ProtocolError(f"the stream did not open within {timeout_s:.0f} s") from exc

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    async def open_page(self, query_string: str = "", timeout_s: float = 60.0) -> float:
        """Open the page on this query string in a new stream (the previous one closed);
        seconds from connecting until the server says the script finished."""
        start = time.perf_counter()
        await self.close()
        await self.connect(timeout_s)
        left = timeout_s - (time.perf_counter() - start)
        if left <= 0:
            raise ProtocolError(f"the stream took {timeout_s:.0f} s or more to open")
        await self.run(query_string, left)
        return time.perf_counter() - start

    async def run(self, query_string: str, timeout_s: float = 60.0) -> float:
        """Run the script with this URL query; seconds until the server says it finished."""
        if self.socket is None:
            raise ProtocolError("not connected")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.cached_message_hashes.extend(sorted(self.cached))
        start = time.perf_counter()
        try:
            await self.socket.send(msg.SerializeToString())
        except websockets.ConnectionClosed as exc:
            raise ProtocolError(f"the server closed the stream: {exc}") from exc
        deadline = start + timeout_s
        started = False
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no answer to {query_string!r} within {timeout_s:.0f} s")
            try:
                raw = await _recv(self.socket, left)
            except TimeoutError as exc:
                raise ProtocolError(
                    f"no answer to {query_string!r} within {timeout_s:.0f} s"
                ) from exc
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"the server closed the stream: {exc}") from exc
            self.bytes_received += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.metadata.cacheable and fwd.hash:
                self.cached.add(fwd.hash)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                started = True
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                if fwd.delta.new_element.WhichOneof("type") == "exception":
                    text = fwd.delta.new_element.exception.message
                    raise ProtocolError(f"exception on the page: {text[:200]}")
            elif kind == "script_finished" and started:
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for another run, which follows
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    name = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                    raise ProtocolError(f"the script of {query_string!r} ended {name}")
                return time.perf_counter() - start


async def _recv(socket, timeout_s: float) -> bytes:
    data = await asyncio.wait_for(socket.recv(), timeout_s)
    return data if isinstance(data, bytes) else data.encode()
