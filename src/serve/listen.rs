//! Accepting connections: hyper configured for a server that faces the open internet.
//!
//! `axum::serve` gives no way to set hyper's timer, so a client that opens a connection and
//! sends half a request line (slowloris) would hold it — a task and a file descriptor — for
//! ever. The recommended deployment puts nginx in front, but nothing stops `sapar serve` from
//! being started without a proxy (an editors' preview on a shared network, a small site), so the
//! limits live here rather than only in a proxy.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::time::Sleep;

/// How long a client may take to send a request line and its headers. A phone on a poor
/// mobile link sends a few hundred bytes of headers in one or two packets, well inside this;
/// a client that trickles them is holding a connection open on purpose. Hyper's own default
/// (30 s) only applies once a timer is configured, which `axum::serve` never does.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a response write may make no progress before the connection is dropped. A reader
/// that never reads would otherwise keep its task, socket and response buffer for ever. Long
/// enough for a phone that loses signal in a lift; live-reload event streams are unaffected
/// because their writes succeed as long as the browser is there.
pub(crate) const WRITE_STALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Most bytes buffered for one request's line and headers. Real requests are under 8 KiB
/// (cookies included); hyper's default of ~400 KiB lets every slow connection pin that much.
/// Anything longer is refused with 431 or 414 before routing, so a one-megabyte URL or query
/// never reaches a handler. Hyper requires at least 8 KiB.
pub(crate) const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// Most headers in one request; a browser sends about 15. More is refused with 431.
pub(crate) const MAX_HEADERS: usize = 64;

/// How long shutdown waits for open connections (a live-reload event stream never ends by
/// itself) before the process exits anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Serves `app` on `listener` until `shutdown` resolves.
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_REQUEST_HEAD)
        // The buffer cap alone let a 100 KB header through when it arrived in one read.
        .max_header_size(MAX_REQUEST_HEAD)
        .max_headers(MAX_HEADERS);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = stream;
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(StallGuard::new(stream, WRITE_STALL_TIMEOUT));
        // The peer's address, for the editing interface that saves only for this machine.
        let app = tower::ServiceExt::map_request(
            app.clone(),
            move |mut r: hyper::Request<hyper::body::Incoming>| {
                r.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                r
            },
        );
        let conn = builder.serve_connection(io, TowerToHyperService::new(app));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away mid-request is not the server's error.
            let _ = conn.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

/// Errors from `accept` are mostly about one connection (reset before it was accepted) and
/// are skipped; running out of file descriptors is waited out, because retrying at once would
/// spin a core while the descriptors are still in use.
async fn accept_error(e: io::Error) {
    use io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    ) {
        return;
    }
    eprintln!("warning: accepting a connection failed: {e}");
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// A connection that gives up on a client who has stopped reading (see
/// [`WRITE_STALL_TIMEOUT`]). The clock runs only while a write is blocked, so a large page
/// sent slowly but steadily to a phone is never cut off.
struct StallGuard<T> {
    io: T,
    limit: Duration,
    stall: Option<Pin<Box<Sleep>>>,
}

impl<T> StallGuard<T> {
    fn new(io: T, limit: Duration) -> Self {
        StallGuard {
            io,
            limit,
            stall: None,
        }
    }

    fn check<R>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if r.is_ready() {
            self.stall = None;
            return r;
        }
        let limit = self.limit;
        let stall = self
            .stall
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match stall.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallGuard<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallGuard<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write(cx, buf);
        this.check(cx, r)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.check(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_flush(cx);
        this.check(cx, r)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_shutdown(cx);
        this.check(cx, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Duration = Duration::from_secs(1);

    /// A connected pair of sockets on loopback.
    async fn pair() -> (tokio::net::TcpStream, tokio::net::TcpStream) {
        let l = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = l.local_addr().expect("addr");
        let (a, b) = tokio::join!(tokio::net::TcpStream::connect(addr), l.accept());
        (a.expect("connect"), b.expect("accept").0)
    }

    async fn write(g: &mut StallGuard<tokio::net::TcpStream>, buf: &[u8]) -> io::Result<usize> {
        std::future::poll_fn(|cx| Pin::new(&mut *g).poll_write(cx, buf)).await
    }

    #[tokio::test]
    async fn a_write_nobody_reads_times_out() {
        let (a, _unread) = pair().await;
        let mut g = StallGuard::new(a, LIMIT);
        let chunk = vec![0u8; 64 * 1024];
        let started = std::time::Instant::now();
        let err = loop {
            match write(&mut g, &chunk).await {
                Ok(_) => assert!(started.elapsed() < Duration::from_secs(20), "never stalled"),
                Err(e) => break e,
            }
        };
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn a_slow_steady_reader_is_not_cut_off() {
        let (a, b) = pair().await;
        let mut g = StallGuard::new(a, LIMIT);
        // Drains what has arrived a few times per limit, for much longer than the limit.
        let reader = tokio::spawn(async move {
            let mut buf = vec![0u8; 1 << 20];
            loop {
                tokio::time::sleep(LIMIT / 10).await;
                loop {
                    match b.try_read(&mut buf) {
                        Ok(0) => return,
                        Ok(_) => {}
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        });
        let chunk = vec![0u8; 64 * 1024];
        let started = std::time::Instant::now();
        let mut sent = 0;
        while started.elapsed() < LIMIT * 3 {
            sent += write(&mut g, &chunk)
                .await
                .expect("a steady reader is never cut off");
        }
        reader.abort();
        assert!(sent > 0);
    }
}
