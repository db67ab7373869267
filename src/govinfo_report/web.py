"""``govinfo-report serve``: a local web page where an office checks its report before publishing.

Upload a report (.txt/.html/.pdf/.docx) or paste its text and see it drawn as the official form with
its wrong cells marked (the page of :mod:`govinfo_report.html_report`); upload last year's too for
the year-over-year view; download what was read as JSON, CSV or XLSX.

Files come from strangers, so: the request body is capped (``max_bytes``) and held in memory, each
upload is written only into a fresh temporary folder (under a fixed name; the uploaded name is shown,
never used as a path) that is removed when the request ends, parsing runs in a child process that is
killed after ``timeout`` seconds, every text is escaped by the templates, and nothing is fetched or sent
anywhere. The server binds 127.0.0.1 unless told otherwise. Needs the ``[web]`` extra.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import tempfile
from collections import OrderedDict
from collections.abc import AsyncGenerator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .html_report import Checked, check_file, render_compare, render_error, render_report

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "create_app", "serve"]

#: Largest request accepted (both files and the pasted text together).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Seconds one report may take to read before the child reading it is killed.
DEFAULT_TIMEOUT = 60.0
#: Reports kept in memory for their download links (the oldest is dropped first).
KEPT_REPORTS = 32
#: What an upload may be, by suffix; anything else is read as text (and refused if it is not a report).
SUFFIXES = (".txt", ".text", ".htm", ".html", ".pdf", ".docx")
_MIME = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# ------------------------------------------------------------------ reading, in a child with a time limit
def _child(conn: Connection, path: str, name: str) -> None:
    try:
        checked = check_file(path)
        checked.name = name
        conn.send(checked)
    except BaseException as e:  # the parent shows one line; never a traceback
        conn.send(Checked(name, None, error=f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _context() -> Any:
    """A forkserver context: children fork from a clean single-threaded process (the server has threads)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["govinfo_report.html_report", "govinfo_report.api", "govinfo_report.validate"])
    return ctx


def read_limited(path: str, name: str, timeout: float) -> Checked:
    """Check one file in a child process; after ``timeout`` seconds the child is killed and the result says so."""
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, path, name), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(timeout if timeout > 0 else None):
            result: Checked = parent.recv()
        else:
            result = Checked(name, None, error=f"读取超时:超过 {timeout:g} 秒未读完(timed out)")
    except EOFError:
        result = Checked(name, None, error="读取进程意外退出(the reader died)")
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
    return result


def _safe_name(filename: str | None, default: str) -> str:
    """The uploaded name for display only: its last path part, printable, at most 120 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or default


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in SUFFIXES else ".txt"


# ------------------------------------------------------------------ the app
def create_app(*, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """The Starlette application: ``/`` the form, ``POST /check`` the page, ``/download/TOKEN.EXT`` the data."""
    from .errors import require

    require("starlette", "web")
    require("python_multipart", "web", "python-multipart")
    from starlette.applications import Starlette
    from starlette.datastructures import UploadFile
    from starlette.formparsers import FormParser, MultiPartParser
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    from .html_report import _render

    kept: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    class MemoryParser(MultiPartParser):
        """Parts stay in memory: the body is already capped, and no spool file lands in the system temp folder."""

        spool_max_size = max_bytes + 1

    def page(html: str, status: int = 200) -> Any:
        return HTMLResponse(
            html,
            status_code=status,
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )

    def refuse(message: str, status: int) -> Any:
        return page(render_error("上传", message, back="/"), status)

    async def index(request: Request) -> Any:
        return page(_render("upload.html.j2", max_mb=max_bytes / 1024 / 1024, timeout=timeout))

    async def capped_body(request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            return None
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def check(request: Request) -> Any:
        from starlette.concurrency import run_in_threadpool

        body = await capped_body(request)
        if body is None:
            return refuse(f"上传内容超过 {max_bytes / 1024 / 1024:g} MB 上限(upload too large)", 413)
        kind = request.headers.get("content-type", "")

        async def once() -> AsyncGenerator[bytes, None]:
            yield body

        try:
            if kind.startswith("multipart/form-data"):
                form = await MemoryParser(
                    request.headers, once(), max_files=2, max_fields=8, max_part_size=max_bytes
                ).parse()
            elif kind.startswith("application/x-www-form-urlencoded"):  # pasted text only, no files
                form = await FormParser(request.headers, once()).parse()
            else:
                return refuse("请用页面上的表单上传(a form upload expected)", 400)
        except Exception as e:  # a malformed body: say so, no traceback
            return refuse(f"无法解析上传内容(bad form data): {type(e).__name__}", 400)
        uploads: dict[str, tuple[str, bytes]] = {}
        for field_name, default in (("report", "report"), ("previous", "previous")):
            item = form.get(field_name)
            if isinstance(item, UploadFile) and item.filename:
                data = await item.read()
                if data:
                    uploads[field_name] = (_safe_name(item.filename, default), data)
        pasted = form.get("text")
        if "report" not in uploads and isinstance(pasted, str) and pasted.strip():
            uploads["report"] = ("粘贴的文本.txt", pasted.encode("utf-8"))
        await form.close()
        if "report" not in uploads:
            return refuse("请选择报告文件或粘贴报告文本(no report given)", 400)
        with tempfile.TemporaryDirectory(prefix="govinfo-web-") as folder:
            results: dict[str, Checked] = {}
            for field_name, (name, data) in uploads.items():
                path = os.path.join(folder, field_name + _suffix(name))
                with open(path, "wb") as fh:
                    fh.write(data)
                results[field_name] = await run_in_threadpool(read_limited, path, name, timeout)
        current = results["report"]
        links: dict[str, str] = {}
        if current.report is not None:
            token = secrets.token_urlsafe(16)
            kept[token] = (current.name, current.report)
            while len(kept) > KEPT_REPORTS:
                kept.popitem(last=False)
            links = {ext.upper(): f"/download/{token}.{ext}" for ext in _MIME}
        status = 200 if current.report is not None else 422
        previous = results.get("previous")
        if previous is not None:
            return page(
                render_compare(previous, current, links=links, back="/"),
                200 if previous.report is not None and current.report is not None else 422,
            )
        return page(render_report(current, links=links, back="/"), status)

    async def download(request: Request) -> Any:
        token, ext = request.path_params["token"], request.path_params["ext"]
        if ext not in _MIME or token not in kept:
            return refuse("下载链接已失效,请重新上传(unknown or expired link)", 404)
        name, report = kept[token]
        stem = Path(name).stem or "report"
        if ext == "json":
            data = (report.to_json(indent=2) + "\n").encode("utf-8")
        else:
            from . import export

            with tempfile.TemporaryDirectory(prefix="govinfo-web-") as folder:
                out = os.path.join(folder, "report." + ext)
                try:
                    export.write([(name, report)], out)
                except Exception as e:  # a missing extra (openpyxl) or a writer's refusal: one line
                    return refuse(f"无法导出 {ext.upper()}: {e}", 500)
                data = Path(out).read_bytes()
        ascii_stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in stem)
        return Response(
            data,
            media_type=_MIME[ext],
            headers={
                "Content-Disposition": f'attachment; filename="{ascii_stem}.{ext}"',
                "X-Content-Type-Options": "nosniff",
            },
        )

    return Starlette(
        routes=[
            Route("/", index),
            Route("/check", check, methods=["POST"]),
            Route("/download/{token}.{ext}", download),
        ]
    )


def serve(
    host: str = "127.0.0.1", port: int = 8000, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT
) -> None:
    """Run the page with uvicorn until interrupted."""
    from .errors import require

    uvicorn = require("uvicorn", "web")
    uvicorn.run(create_app(max_bytes=max_bytes, timeout=timeout), host=host, port=port, log_level="info")
