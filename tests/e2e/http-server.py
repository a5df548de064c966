#!/usr/bin/env python3
"""The web for qari's tests, on 127.0.0.1 only: pages from a folder and the headers each case
needs (a charset in the header only, gzip, redirects, errors, slow and huge bodies).

    http-server.py DIR PORTFILE [--tls CERT KEY]

Binds a free port, writes it to PORTFILE once listening, and serves until killed:
  /page/NAME        DIR/NAME: .html as text/html; charset=utf-8, .md and .txt as text/plain
  /cp1256           an Arabic page in windows-1256, the charset only in the header
  /gzip             DIR/second.html gzip-compressed (Content-Encoding: gzip)
  /redirect/N       a chain of N redirects to /page/second.html
  /loop             a redirect to itself
  /404, /500        errors with a page of their own
  /markdown         DIR/notes.md as text/markdown, under a name with no extension
  /image.png        image/png
  /slow             a page that sends a few bytes a second, for a minute
  /stall            headers, then nothing for a minute
  /changing         DIR/second.html with one more paragraph of news at each request
  /huge             40 MiB of text with no Content-Length; /huge-length says its length first
"""
import gzip
import os
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1]
TYPES = {".html": "text/html; charset=utf-8", ".md": "text/plain; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}
CP1256_PAGE = ("<html><head><title>صفحة بترميز قديم</title></head><body><article>"
               "<h1>صفحة بترميز قديم</h1><p>نص عربي مرمز بـ windows-1256، "
               "والترميز في ترويسة الخادم وحدها.</p></article></body></html>")


served = {"changing": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, ctype, body, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to):
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def page(self, name):
        path = os.path.join(ROOT, os.path.basename(name))
        with open(path, "rb") as f:
            return f.read()

    def trickle(self, first, chunk, every, total_s):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(first)
            self.wfile.flush()
            end = time.time() + total_s
            while time.time() < end:
                time.sleep(every)
                if chunk:
                    self.wfile.write(chunk)
                    self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self):
        p = self.path.split("?")[0]
        try:
            if p.startswith("/page/"):
                name = p[len("/page/"):]
                ext = os.path.splitext(name)[1]
                self.send(200, TYPES.get(ext, "application/octet-stream"), self.page(name))
            elif p == "/cp1256":
                self.send(200, "text/html; charset=windows-1256", CP1256_PAGE.encode("cp1256"))
            elif p == "/gzip":
                if "gzip" not in self.headers.get("Accept-Encoding", ""):
                    self.send(406, "text/plain", b"gzip only\n")
                else:
                    self.send(200, "text/html; charset=utf-8",
                              gzip.compress(self.page("second.html")),
                              [("Content-Encoding", "gzip")])
            elif p.startswith("/redirect/"):
                n = int(p[len("/redirect/"):])
                self.redirect("/page/second.html" if n <= 1 else "/redirect/%d" % (n - 1))
            elif p == "/loop":
                self.redirect("/loop")
            elif p == "/404":
                self.send(404, "text/html", b"<html><body><h1>Not here</h1></body></html>")
            elif p == "/500":
                self.send(500, "text/html", b"<html><body><h1>Broken</h1></body></html>")
            elif p == "/changing":
                served["changing"] += 1
                n = served["changing"]
                news = b"".join(b"<p>Edition %d of this page, news %d.</p>" % (n, k)
                                for k in range(1, n + 1))
                page = self.page("second.html").replace(b"<article>", b"<article>" + news)
                self.send(200, "text/html; charset=utf-8", page)
            elif p == "/markdown":
                self.send(200, "text/markdown; charset=utf-8", self.page("notes.md"))
            elif p == "/image.png":
                self.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
            elif p == "/slow":
                self.trickle(b"<html><body><p>slow " + b"x" * 2000, b"y" * 100, 0.2, 60)
            elif p == "/stall":
                self.trickle(b"", b"", 0.5, 60)
            elif p in ("/huge", "/huge-length"):
                size = 40 << 20
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                if p == "/huge-length":
                    self.send_header("Content-Length", str(size))
                self.send_header("Connection", "close")
                self.end_headers()
                line = b"a line of text, again and again, to make a page too large\n" * 1000
                sent = 0
                while sent < size:
                    self.wfile.write(line)
                    sent += len(line)
                self.close_connection = True
            else:
                self.send(404, "text/plain", b"no such test page\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 3 and sys.argv[3] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[4], sys.argv[5])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
