"""An OSError worded as Node's fs module words it (`ENOENT: no such file or directory, open '/abs/path'`)."""

from __future__ import annotations

import errno

_TEXT = {
    errno.ENOENT: ("ENOENT", "no such file or directory"),
    errno.EACCES: ("EACCES", "permission denied"),
    errno.EPERM: ("EPERM", "operation not permitted"),
    errno.EISDIR: ("EISDIR", "illegal operation on a directory"),
    errno.ENOTDIR: ("ENOTDIR", "not a directory"),
    errno.ELOOP: ("ELOOP", "too many symbolic links encountered"),
    errno.EIO: ("EIO", "i/o error"),
    errno.EMFILE: ("EMFILE", "too many open files"),
    errno.ENAMETOOLONG: ("ENAMETOOLONG", "name too long"),
}


def node_fs_error(exc: OSError, syscall: str, path: str) -> str:
    """The message Node gives for `syscall` on `path` failing with `exc` (EISDIR on a read names no path)."""
    code, text = _TEXT.get(
        exc.errno or 0, (errno.errorcode.get(exc.errno or 0, "EUNKNOWN"), (exc.strerror or "unknown error").lower())
    )
    if exc.errno == errno.EISDIR:
        return f"{code}: {text}, read"
    return f"{code}: {text}, {syscall} '{path}'"
