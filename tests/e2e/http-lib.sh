# The tests' own web server (http-server.py), for the tests that fetch: sourced after lib.sh.
# No test reaches the internet: proxies from the environment are put aside, and every URL is
# on 127.0.0.1 (or a host under .invalid, which never resolves).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*'

http_pids=""
trap 'for p in $http_pids; do kill "$p" 2>/dev/null; done; rm -rf "$TMPD"' EXIT

# start_http NAME [--tls CERT KEY]: serves tests/data/web; sets $BASE to its http(s)://host:port.
start_http() {
	sh_name=$1
	shift
	"$PYTHON3" "$TOP_SRCDIR/tests/e2e/http-server.py" "$DATA/web" "$TMPD/$sh_name.port" "$@" &
	http_pids="$http_pids $!"
	sh_i=0
	while [ ! -s "$TMPD/$sh_name.port" ] && [ $sh_i -lt 100 ]; do
		sleep 0.05
		sh_i=$((sh_i + 1))
	done
	[ -s "$TMPD/$sh_name.port" ] || bail_out "the test web server did not start"
	sh_scheme=http
	[ "${1:-}" = --tls ] && sh_scheme=https
	BASE=$sh_scheme://127.0.0.1:$(cat "$TMPD/$sh_name.port")
}

# A port nothing listens on: bound, then let go.
free_port() {
	"$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
