"""A starting point: serves the files in static/ on 127.0.0.1:PORT. Usage: server.py PORT DATA_DIR

Everything else is yours to write: the HTTP API of the statement, storage under DATA_DIR that
survives a restart, and video files served with byte ranges.
"""
import functools
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


def main(port, data_dir):
    os.makedirs(data_dir, exist_ok=True)
    static = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=static)
    print("serving on http://127.0.0.1:%s/" % port, flush=True)
    ThreadingHTTPServer(("127.0.0.1", int(port)), handler).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
