"""Where the Whoosh index lives: versioned directories and an atomic ``CURRENT`` pointer.

``root/CURRENT`` names the live index directory; a rebuild fills a fresh directory
(named in ``root/REBUILDING`` meanwhile, so that live writers write there too) and then
replaces ``CURRENT`` in one rename. Without a root directory the index is kept in memory
(one process only; for development and tests).
"""
import contextlib
import fcntl
import os
import shutil
import tempfile
import time
import uuid
import weakref

from whoosh import index
from whoosh.filedb.filestore import FileStorage, RamStorage

from .whoosh_schema import make_schema, schema_hash

CURRENT, REBUILDING, SCHEMA = "CURRENT", "REBUILDING", "SCHEMA"


class PrivateRamStorage(RamStorage):
    """An in-memory index whose writers' scratch files go to a directory of its own,
    removed with it. Whoosh's ``RamStorage`` puts them in "MAIN.tmp" in the system temp
    directory, so two processes with in-memory indexes deleted each other's files."""

    def __init__(self):
        super().__init__()
        self._scratch = tempfile.mkdtemp(prefix="cong-whoosh-")
        weakref.finalize(self, shutil.rmtree, self._scratch, ignore_errors=True)

    def temp_storage(self, name=None):
        name = name or "%s.tmp" % uuid.uuid4().hex
        return FileStorage(os.path.join(self._scratch, name)).create()


class IndexStore:
    """Opens, creates and swaps the index directories under ``root`` (or in memory)."""

    def __init__(self, root=None):
        self.root = root
        self.schema = make_schema()
        self.hash = schema_hash(self.schema)
        self._ram = {}
        if root:
            os.makedirs(root, exist_ok=True)

    def _read(self, name):
        try:
            with open(os.path.join(self.root, name), encoding="ascii") as f:
                return f.read().strip() or None
        except FileNotFoundError:
            return None

    def _write(self, name, value):
        tmp = os.path.join(self.root, "%s.%s.tmp" % (name, uuid.uuid4().hex))
        with open(tmp, "w", encoding="ascii") as f:
            f.write(value)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(self.root, name))

    def current_name(self):
        return self._read(CURRENT) if self.root else self._ram.get(CURRENT)

    def rebuilding_name(self):
        if self.root:
            return self._read(REBUILDING)
        return self._ram.get(REBUILDING)

    def check(self):
        """``"ok"``, ``"missing"``, ``"stale"`` (another schema) or ``"corrupt"``."""
        name = self.current_name()
        if name is None:
            return "missing"
        if self.root and self._read(os.path.join(name, SCHEMA)) != self.hash:
            return "stale"
        try:
            self.open(name).doc_count()
        except Exception:  # any failure to read an index means it cannot be used
            return "corrupt"
        return "ok"

    def open(self, name):
        """The Whoosh index in directory ``name``."""
        if not self.root:
            return self._ram[name]
        return index.open_dir(os.path.join(self.root, name), schema=self.schema)

    def create(self):
        """A new, empty index directory; returns its name (not live yet)."""
        name = "idx-%s-%s" % (time.strftime("%Y%m%dT%H%M%S"), uuid.uuid4().hex[:6])
        if not self.root:
            self._ram[name] = PrivateRamStorage().create_index(self.schema)
            return name
        path = os.path.join(self.root, name)
        os.makedirs(path)
        index.create_in(path, self.schema)
        self._write(os.path.join(name, SCHEMA), self.hash)
        return name

    def make_current(self, name):
        """Point readers and writers at ``name`` (atomic). The directory it replaces is
        kept (readers in other processes may still be using it); older ones are removed."""
        if not self.root:
            old = self._ram.get(CURRENT)
            self._ram[CURRENT] = name
            self._ram.pop(REBUILDING, None)
            if old and old != name:
                self._ram.pop(old, None)
            return
        keep = {name, self.current_name(), self.rebuilding_name()}
        self._write(CURRENT, name)
        self.clear_rebuilding()
        for entry in os.listdir(self.root):
            if entry.startswith("idx-") and entry not in keep:
                _remove_tree(os.path.join(self.root, entry))

    def mark_rebuilding(self, name):
        if self.root:
            self._write(REBUILDING, name)
        else:
            self._ram[REBUILDING] = name

    def clear_rebuilding(self):
        if not self.root:
            self._ram.pop(REBUILDING, None)
            return
        try:
            os.remove(os.path.join(self.root, REBUILDING))
        except FileNotFoundError:
            pass

    @contextlib.contextmanager
    def lock(self, name, blocking=True):
        """An exclusive lock between processes (``root/<name>.lock``); yields False when
        ``blocking`` is off and another process holds it."""
        if not self.root:
            yield True
            return
        with open(os.path.join(self.root, name + ".lock"), "a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def ensure(self):
        """Make sure a usable index is current; returns what ``check()`` found first (if
        it was not ``"ok"``, the new index is empty and should be rebuilt)."""
        with self.lock("ensure"):
            state = self.check()
            if state != "ok":
                self.make_current(self.create())
        return state


def _remove_tree(path):
    """Remove an old index directory."""
    for dirpath, dirnames, filenames in os.walk(path, topdown=False):
        for name in filenames:
            try:
                os.remove(os.path.join(dirpath, name))
            except FileNotFoundError:
                pass
        try:
            os.rmdir(dirpath)
        except OSError:
            pass
