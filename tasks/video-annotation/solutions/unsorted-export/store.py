"""The data of the annotation server: one JSON file for the catalogue, one file per video.

Every change rewrites the catalogue to a temporary file and renames it over the old one, so a
crash or a kill leaves either the old or the new version, never half of one."""
import json
import os
import threading

CATEGORIES = ("speech", "pause", "noise")


class Invalid(ValueError):
    """Input the client must fix; its message is shown to the user."""


def clean_annotations(items):
    if not isinstance(items, list):
        raise Invalid("expected a JSON array of annotations")
    result = []
    for i, a in enumerate(items):
        if not isinstance(a, dict):
            raise Invalid("annotation %d is not an object" % (i + 1))
        start, finish = a.get("start_time"), a.get("finish_time")
        for name, value in (("start_time", start), ("finish_time", finish)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
                raise Invalid("annotation %d: %s must be a number of seconds, 0 or more" % (i + 1, name))
        if finish <= start:
            raise Invalid("annotation %d: the finish (%s s) must come after the start (%s s)" % (i + 1, finish, start))
        if a.get("category") not in CATEGORIES:
            raise Invalid("annotation %d: category must be one of %s" % (i + 1, ", ".join(CATEGORIES)))
        if not isinstance(a.get("content"), str):
            raise Invalid("annotation %d: content must be text" % (i + 1))
        result.append({"start_time": start, "finish_time": finish, "category": a["category"], "content": a["content"]})
    result.sort(key=lambda a: (a["start_time"], a["finish_time"]))
    return result


class Store:
    def __init__(self, root):
        self.root = root
        self.files = os.path.join(root, "videos")
        self.catalogue = os.path.join(root, "catalogue.json")
        os.makedirs(self.files, exist_ok=True)
        self.lock = threading.Lock()
        try:
            with open(self.catalogue, encoding="utf-8") as f:
                self.data = json.load(f)
        except FileNotFoundError:
            self.data = {"next_id": 1, "videos": []}

    def _save(self):
        tmp = self.catalogue + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.catalogue)

    def videos(self):
        with self.lock:
            return [{"id": v["id"], "name": v["name"]} for v in self.data["videos"]]

    def find(self, video_id):
        with self.lock:
            return next((dict(v) for v in self.data["videos"] if v["id"] == video_id), None)

    def path(self, video):
        return os.path.join(self.files, video["file"])

    def add(self, name, content_type, body):
        with self.lock:
            video_id = self.data["next_id"]
            ext = ".webm" if name.lower().endswith(".webm") else ".mp4"
            video = {"id": video_id, "name": name, "file": "%d%s" % (video_id, ext), "type": content_type, "annotations": []}
            with open(os.path.join(self.files, video["file"]), "wb") as f:
                f.write(body)
            self.data["next_id"] = video_id + 1
            self.data["videos"].append(video)
            self._save()
            return {"id": video_id, "name": name}

    def delete(self, video_id):
        with self.lock:
            video = next((v for v in self.data["videos"] if v["id"] == video_id), None)
            if video is None:
                return False
            self.data["videos"].remove(video)
            self._save()
        try:
            os.remove(os.path.join(self.files, video["file"]))
        except FileNotFoundError:
            pass
        return True

    def annotations(self, video_id):
        video = self.find(video_id)
        return None if video is None else video["annotations"]

    def replace_annotations(self, video_id, items):
        cleaned = clean_annotations(items)
        with self.lock:
            video = next((v for v in self.data["videos"] if v["id"] == video_id), None)
            if video is None:
                return None
            video["annotations"] = cleaned
            self._save()
            return cleaned
