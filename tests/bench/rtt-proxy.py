#!/usr/bin/env python3
# A proxy on loopback that makes a local server look far away, the way a
# TLS endpoint across the world does: every byte takes RTT/2 each way, and a
# new connection carries nothing for its first 2 RTT (the TCP handshake,
# then TLS 1.3's). A request on a kept-alive connection therefore costs
# 1 RTT, one on a new connection 3 RTT, as against Huawei Cloud from afar.
# Bandwidth is not limited; only round trips are.
#
# It parses HTTP/1.1 just enough to log every request: when it reached the
# proxy, and when the last byte of its answer left it, so that a benchmark
# can count connections, requests and round trips in sequence.
#
#   tests/bench/rtt-proxy.py --upstream-port P --rtt-ms 150 --log events.jsonl
#
# prints "PORT=<n>" once listening; stops on SIGTERM.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import asyncio
import json
import os
import signal
import sys
import time


class Log:
    def __init__(self, path):
        self.file = open(path, 'a', buffering=1) if path else None

    def write(self, **event):
        if self.file:
            self.file.write(json.dumps(event) + '\n')


class HttpCounter:
    """Splits one direction of an HTTP/1.1 byte stream into messages."""

    def __init__(self):
        self.buffer = b''
        self.head = None      # (first line, headers) of the message in progress
        self.left = 0         # body bytes still to come
        self.chunked = False
        self.until_close = False

    def feed(self, data, body_expected):
        """Yields the first line of every message completed by @data.
        @body_expected(first_line, headers) says whether a body may follow."""
        self.buffer += data
        while True:
            if self.head is None:
                end = self.buffer.find(b'\r\n\r\n')
                if end < 0:
                    return
                lines = self.buffer[:end].decode('latin-1').split('\r\n')
                self.buffer = self.buffer[end + 4:]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(':')
                    headers[name.strip().lower()] = value.strip()
                self.head = (lines[0], headers)
                self.chunked = False
                self.until_close = False
                self.left = 0
                if body_expected(lines[0], headers):
                    if headers.get('transfer-encoding', '').lower() == 'chunked':
                        self.chunked = True
                    elif 'content-length' in headers:
                        self.left = int(headers['content-length'])
                    elif not lines[0].startswith('HTTP/'):
                        self.left = 0          # a request without a length has no body
                    else:
                        self.until_close = True
            if self.until_close:
                self.buffer = b''
                return
            if self.chunked:
                while True:
                    if self.left > 0:
                        take = min(self.left, len(self.buffer))
                        self.buffer = self.buffer[take:]
                        self.left -= take
                        if self.left > 0:
                            return
                    end = self.buffer.find(b'\r\n')
                    if end < 0:
                        return
                    size_text = self.buffer[:end].split(b';')[0].strip()
                    if size_text == b'':
                        self.buffer = self.buffer[end + 2:]
                        continue
                    size = int(size_text, 16)
                    if size == 0:
                        trailer_end = self.buffer.find(b'\r\n\r\n', end)
                        if trailer_end < 0:
                            return
                        self.buffer = self.buffer[trailer_end + 4:]
                        break
                    self.buffer = self.buffer[end + 2:]
                    self.left = size + 2   # the data and its CRLF
                done, self.head = self.head, None
                yield done[0]
                continue
            take = min(self.left, len(self.buffer))
            self.buffer = self.buffer[take:]
            self.left -= take
            if self.left > 0:
                return
            done, self.head = self.head, None
            yield done[0]


class Proxy:
    def __init__(self, args):
        self.upstream = (args.upstream_host, args.upstream_port)
        self.half = args.rtt_ms / 2000.0
        self.handshake = 2 * args.rtt_ms / 1000.0
        self.log = Log(args.log)
        self.next_id = 0
        # asyncio keeps only a weak hold on a connection's task once its
        # client is gone: without this, one still waiting for its upstream
        # would be collected mid-flight.
        self.tasks = set()

    async def pump(self, queue, writer):
        while True:
            item = await queue.get()
            if item is None:
                try:
                    writer.write_eof()
                except (OSError, RuntimeError):
                    pass
                return
            due, data, after = item
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                writer.write(data)
                await writer.drain()
            except (OSError, RuntimeError):
                return
            if after:
                after()

    async def handle(self, client_reader, client_writer):
        self.tasks.add(asyncio.current_task())
        try:
            await self.serve(client_reader, client_writer)
        finally:
            self.tasks.discard(asyncio.current_task())

    async def serve(self, client_reader, client_writer):
        accepted = time.monotonic()
        conn = self.next_id
        self.next_id += 1
        self.log.write(event='accept', conn=conn, t=accepted)
        ready = accepted + self.handshake
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return

        requests = HttpCounter()
        answers = HttpCounter()
        in_flight = []          # [method, path, start] in order
        to_upstream = asyncio.Queue()
        to_client = asyncio.Queue()

        def request_has_body(first, headers):
            return True

        def answer_has_body(first, headers):
            status = int(first.split()[1])
            method = in_flight[0][0] if in_flight else 'GET'
            return not (method == 'HEAD' or status in (204, 304) or 100 <= status < 200)

        def delivered(data):
            def after():
                now = time.monotonic()
                for first in answers.feed(data, answer_has_body):
                    if in_flight:
                        method, path, start = in_flight.pop(0)
                        self.log.write(event='request', conn=conn, method=method, path=path,
                                       status=int(first.split()[1]), start=start, end=now)
            return after

        async def from_client():
            while True:
                data = await client_reader.read(65536)
                now = time.monotonic()
                if not data:
                    await to_upstream.put(None)
                    return
                for first in requests.feed(data, request_has_body):
                    method, path = first.split()[:2]
                    in_flight.append([method, path, now])
                # Nothing leaves before the handshake would have ended.
                await to_upstream.put((max(now, ready) + self.half, data, None))

        async def from_upstream():
            while True:
                data = await up_reader.read(65536)
                now = time.monotonic()
                if not data:
                    await to_client.put(None)
                    return
                await to_client.put((now + self.half, data, delivered(data)))

        tasks = [asyncio.create_task(x) for x in (
            from_client(), from_upstream(),
            self.pump(to_upstream, up_writer), self.pump(to_client, client_writer))]
        try:
            await asyncio.gather(*tasks)
        except (OSError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for t in tasks:
                t.cancel()
            for w in (client_writer, up_writer):
                try:
                    w.close()
                except (OSError, RuntimeError):
                    pass
            self.log.write(event='close', conn=conn, t=time.monotonic())

    async def run(self, port):
        server = await asyncio.start_server(self.handle, '127.0.0.1', port)
        print(f'PORT={server.sockets[0].getsockname()[1]}', flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        async with server:
            await stop.wait()
            # Connections still open end with the process; the log is
            # written line by line, so nothing is lost.
            sys.stdout.flush()
            os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--upstream-host', default='127.0.0.1')
    parser.add_argument('--upstream-port', type=int, required=True)
    parser.add_argument('--rtt-ms', type=float, required=True)
    parser.add_argument('--log', help='JSON lines of accepts and requests')
    args = parser.parse_args()
    asyncio.run(Proxy(args).run(args.port))


if __name__ == '__main__':
    sys.exit(main())
