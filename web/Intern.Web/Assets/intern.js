// Intern's own script: local times and countdowns, the upload (checks, progress, refusals) and live grading status.
// No framework and no external requests; every page works without it except the upload's progress and live status.
"use strict";

(() => {
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function untilText(ms) {
    if (ms <= 0) return "closed";
    const minutes = Math.floor(ms / 60000), days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
    if (days > 0) return `in ${plural(days, "day")} ${plural(hours, "hour")}`;
    if (hours > 0) return `in ${plural(hours, "hour")} ${plural(minutes % 60, "minute")}`;
    return `in ${plural(Math.max(1, minutes), "minute")}`;
  }

  function localTimes() {
    const now = Date.now();
    for (const el of document.querySelectorAll("time[data-local], time[data-countdown]")) {
      const at = new Date(el.getAttribute("datetime"));
      // dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
      const local = at.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
      el.textContent = el.hasAttribute("data-countdown") ? `${local} (${untilText(at - now)})` : local;
    }
  }

  // --- upload ------------------------------------------------------------------------------------

  const MiB = 1 << 20;
  const size = (bytes) => bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;

  // Paths relative to the submission's root: a folder picked as a whole loses its own name, as the server does.
  // Takes File objects (from inputs) or { file, path } pairs (from a dropped folder).
  function relativeFiles(files) {
    const list = files.map((f) => f instanceof File
      ? { file: f, path: (f.webkitRelativePath || f.name).replace(/^\/+/, "") }
      : { file: f.file, path: f.path.replace(/^\/+/, "") });
    const tops = new Set(list.map((e) => e.path.includes("/") ? e.path.split("/")[0] : ""));
    if (tops.size === 1 && !tops.has("")) {
      const top = [...tops][0].length + 1;
      for (const e of list) e.path = e.path.slice(top);
    }
    return list;
  }

  function rootNames(paths) {
    const tops = new Set(paths.map((p) => p.includes("/") ? p.split("/")[0] : ""));
    const strip = tops.size === 1 && !tops.has("") ? [...tops][0].length + 1 : 0;
    return new Set(paths.map((p) => p.slice(strip)));
  }

  // A ustar archive of loose files; run and build get the executable bit the task contract needs.
  async function tarOf(entries) {
    const enc = new TextEncoder(), parts = [];
    const field = (h, offset, length, text) => h.set(enc.encode(text).slice(0, length), offset);
    const octal = (n, length) => n.toString(8).padStart(length - 1, "0") + "\0";
    for (const { file, path } of entries) {
      const h = new Uint8Array(512);
      let name = path, prefix = "";
      if (enc.encode(name).length > 100) {
        const cut = path.lastIndexOf("/", path.length - 1);
        prefix = path.slice(0, cut); name = path.slice(cut + 1);
      }
      field(h, 0, 100, name);
      field(h, 100, 8, /^(run|build)$/.test(path) ? "0000755\0" : "0000644\0");
      field(h, 108, 8, octal(0, 8)); field(h, 116, 8, octal(0, 8));
      field(h, 124, 12, octal(file.size, 12));
      field(h, 136, 12, octal(Math.floor((file.lastModified || Date.now()) / 1000), 12));
      field(h, 148, 8, "        ");
      h[156] = "0".charCodeAt(0);
      field(h, 257, 6, "ustar\0"); field(h, 263, 2, "00");
      field(h, 345, 155, prefix);
      field(h, 148, 8, octal(h.reduce((a, b) => a + b, 0), 7) + " ");
      parts.push(h, new Uint8Array(await file.arrayBuffer()), new Uint8Array((512 - (file.size % 512)) % 512));
    }
    parts.push(new Uint8Array(1024));
    return new File(parts, "files.tar", { type: "application/x-tar" });
  }

  // Entry names from a zip's central directory (the end of the file), without reading the whole archive.
  async function zipNames(file) {
    const tail = new DataView(await file.slice(Math.max(0, file.size - 65558)).arrayBuffer());
    let eocd = -1;
    for (let i = tail.byteLength - 22; i >= 0; i--) if (tail.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    if (eocd < 0) return null;
    const count = tail.getUint16(eocd + 10, true), length = tail.getUint32(eocd + 12, true), offset = tail.getUint32(eocd + 16, true);
    const dir = new DataView(await file.slice(offset, offset + length).arrayBuffer());
    const names = [], dec = new TextDecoder();
    for (let p = 0, i = 0; i < count && p + 46 <= dir.byteLength; i++) {
      if (dir.getUint32(p, true) !== 0x02014b50) return null;
      const n = dir.getUint16(p + 28, true), extra = dir.getUint16(p + 30, true), comment = dir.getUint16(p + 32, true);
      names.push(dec.decode(new Uint8Array(dir.buffer, dir.byteOffset + p + 46, n)));
      p += 46 + n + extra + comment;
    }
    return names;
  }

  // A dropped folder arrives as a tree of entries, not as files: walk it. The entries must be taken while the
  // drop event runs (the browser empties the list afterwards); reading them may take longer.
  function droppedEntries(dataTransfer) {
    return [...dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  }

  async function filesOfEntries(entries) {
    const out = [];
    const fileOf = (entry) => new Promise((ok, fail) => entry.file(ok, fail));
    // readEntries answers a directory in batches, and an empty batch at the end.
    const batch = (reader) => new Promise((ok, fail) => reader.readEntries(ok, fail));
    async function walk(entry, path) {
      if (entry.isFile) { out.push({ file: await fileOf(entry), path: path + entry.name }); return; }
      const reader = entry.createReader();
      for (let next = await batch(reader); next.length; next = await batch(reader))
        for (const child of next) await walk(child, `${path}${entry.name}/`);
    }
    for (const entry of entries) await walk(entry, "");
    return out;
  }

  function initUpload(form) {
    const archive = form.querySelector("#archive"), fileInputs = [...form.querySelectorAll("[data-files]")];
    const refusal = form.querySelector("[data-refusal]"), progress = form.querySelector("[data-progress]");
    const bar = progress.querySelector("progress"), barText = progress.querySelector("[data-progress-text]");
    const max = Number(form.dataset.maxBytes), required = form.dataset.required.split(" ").filter(Boolean);
    const button = form.querySelector("button[type=submit]");
    let dropped = [];

    const refuse = (title, problems = []) => {
      refusal.replaceChildren();
      const p = document.createElement("p"); p.textContent = title; refusal.append(p);
      if (problems.length) {
        const ul = document.createElement("ul");
        for (const text of problems) { const li = document.createElement("li"); li.textContent = text; ul.append(li); }
        refusal.append(ul);
      }
      refusal.hidden = false;
    };
    const missingFrom = (names) => required.filter((r) => !names.has(r));

    const zone = form.querySelector("[data-drop]");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (e) => {
      e.preventDefault(); zone.classList.remove("over");
      const entries = droppedEntries(e.dataTransfer), files = [...e.dataTransfer.files];
      refusal.hidden = true;
      const note = zone.querySelector("[data-dropped]") || zone.appendChild(Object.assign(document.createElement("p"), { className: "hint" }));
      note.dataset.dropped = "";
      if (entries.some((entry) => entry.isDirectory)) {
        note.textContent = "Reading the dropped folder…";
        dropped = await filesOfEntries(entries);
        note.textContent = `Dropped: ${entries.map((entry) => entry.name + (entry.isDirectory ? "/" : "")).join(", ")} (${plural(dropped.length, "file")})`;
      } else {
        dropped = files;
        note.textContent = `Dropped: ${dropped.map((f) => f.name).join(", ")}`;
      }
    });

    async function payload() {
      const droppedArchive = dropped.length === 1 && dropped[0] instanceof File && /\.(zip|tar|tgz|tar\.gz)$/i.test(dropped[0].name) ? dropped[0] : null;
      const loose = dropped.length && !droppedArchive ? dropped : fileInputs.flatMap((i) => [...i.files]);
      const packed = archive.files[0] || droppedArchive;
      if (packed) {
        if (packed.size > max) return refuse(`The archive is ${size(packed.size)}; the limit is ${size(max)}.`, ["Leave out build outputs, data sets and virtual environments."]);
        if (/\.zip$/i.test(packed.name)) {
          const names = await zipNames(packed);
          if (!names) return refuse("This file is not a readable zip archive.", ["Create it again with a zip tool, or upload the files themselves."]);
          const missing = missingFrom(rootNames(names.filter((n) => !n.endsWith("/"))));
          if (missing.length) return refuse("The archive cannot be graded.", missing.map((m) => `The root of the archive must hold \`${m}\`.`));
        }
        return packed;
      }
      if (!loose.length) return refuse("Choose an archive or your files first.");
      const entries = relativeFiles(loose), total = entries.reduce((a, e) => a + e.file.size, 0);
      const missing = missingFrom(new Set(entries.map((e) => e.path)));
      if (missing.length) return refuse("These files cannot be graded.", missing.map((m) => `The top level must hold \`${m}\`.`));
      if (total > max) return refuse(`The files come to ${size(total)}; the limit is ${size(max)}.`);
      return tarOf(entries);
    }

    // Ready for cookie antiforgery on the API: a token endpoint, when the server has one, supplies the header.
    async function antiforgery() {
      try {
        const r = await fetch("/api/auth/antiforgery", { credentials: "same-origin" });
        if (!r.ok) return null;
        const body = await r.json();
        const token = body.token || body.requestToken;
        return token ? { name: body.headerName || "X-CSRF-TOKEN", token } : null;
      } catch { return null; }
    }

    function explain(xhr) {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (body && (body.title || body.detail)) {
        const problems = Array.isArray(body.problems) ? body.problems : body.errors ? Object.values(body.errors).flat() : body.detail ? [body.detail] : [];
        return refuse(body.title || "The upload was refused.", problems.filter((p) => p !== body.title));
      }
      if (xhr.status === 413) return refuse(`The upload is larger than the server accepts (${size(max)}).`);
      if (xhr.status === 429) return refuse("Too many uploads in a short time. Wait a minute and try again.");
      if (xhr.status === 401) return refuse("You are signed out. Sign in again and retry.");
      refuse(`The upload failed (HTTP ${xhr.status || "connection lost"}). Try again.`);
    }

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      refusal.hidden = true;
      const file = await payload();
      if (!file) return;
      const data = new FormData();
      data.append("task", form.querySelector("input[name=task]").value);
      data.append("file", file, file.name);
      const csrf = await antiforgery();
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      if (csrf) xhr.setRequestHeader(csrf.name, csrf.token);
      xhr.upload.addEventListener("progress", (p) => {
        if (!p.lengthComputable) return;
        const percent = Math.round((p.loaded / p.total) * 100);
        bar.value = percent;
        barText.textContent = `${percent}% of ${size(p.total)}`;
      });
      xhr.addEventListener("loadend", () => {
        button.disabled = false;
        if (xhr.status === 202 || xhr.status === 201) {
          barText.textContent = "Uploaded. Opening your submission…";
          const id = JSON.parse(xhr.responseText).id;
          window.location.assign(`/submissions/${id}`);
        } else {
          progress.hidden = true;
          explain(xhr);
        }
      });
      bar.value = 0; barText.textContent = "0%"; progress.hidden = false; button.disabled = true;
      xhr.send(data);
    });
  }

  // --- live status ---------------------------------------------------------------------------------

  const finished = (status) => status === "graded" || status === "platform_error";
  const words = { queued: "queued", grading: "grading", graded: "graded", platform_error: "platform error (not your fault; staff will regrade)" };

  function initLive(section) {
    const id = section.dataset.submission, text = section.querySelector("[data-status-text]"), phase = section.querySelector("[data-phase]");
    const steps = [...section.querySelectorAll(".phases li")];
    const show = (status, detail) => {
      if (finished(status)) { window.location.reload(); return true; }
      section.dataset.status = status;
      text.textContent = words[status] || status;
      const at = status === "grading" ? 1 : 0;
      steps.forEach((li, i) => { li.className = i < at ? "done" : i === at ? "current" : "todo"; });
      phase.textContent = detail || "";
      return false;
    };
    const poll = async () => {
      try {
        const r = await fetch(`/api/submissions/${id}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (r.ok && show((await r.json()).status)) return;
      } catch { /* keep trying */ }
      setTimeout(poll, 1000);
    };
    if (!("EventSource" in window)) return poll();
    // The server's event stream when it has one; polling otherwise or when the stream breaks.
    const events = new EventSource(`/api/submissions/${id}/events`);
    let opened = false;
    events.addEventListener("open", () => { opened = true; });
    events.addEventListener("status", (e) => {
      const s = JSON.parse(e.data);
      const detail = s.total ? `(${s.phase || "tests"} ${s.done}/${s.total})` : s.phase ? `(${s.phase})` : "";
      if (show(s.status, detail)) events.close();
    });
    events.addEventListener("error", () => { events.close(); if (!opened || !finished(section.dataset.status)) poll(); });
  }

  // Each part on its own: one that fails must not take the others down.
  // Reviewers: "n" opens the next submission, wherever the page offers one, unless the reviewer is typing.
  function initNextKey(next) {
    document.addEventListener("keydown", (e) => {
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
      e.preventDefault();
      location.href = next.href;
    });
  }

  // The antiforgery header for the API's writes, fetched once per page.
  let csrf = null;
  async function csrfHeader() {
    if (csrf) return csrf;
    const r = await fetch("/api/auth/antiforgery", { credentials: "same-origin" });
    const body = await r.json();
    csrf = { [body.headerName || "X-CSRF-TOKEN"]: body.requestToken || body.token };
    return csrf;
  }

  // The text of a refusal from the API: its validation problems, else its detail or title.
  async function problemOf(r) {
    try { const b = await r.json(); return b.errors ? Object.values(b.errors).flat().join(" ") : (b.detail || b.title || `HTTP ${r.status}`); } catch { return `HTTP ${r.status}`; }
  }

  // The rubric saves its draft shortly after each change (one save at a time, the latest entries win).
  function initAutosave(form) {
    const status = form.querySelector("[data-save-status]");
    let timer = null, saving = false, again = false;
    const entries = () => ({
      scores: [...form.querySelectorAll("fieldset[data-criterion]")].map((f) => {
        const chosen = f.querySelector("input[type=radio]:checked");
        return { criterion: f.dataset.criterion, points: chosen ? Number(chosen.value) : null, comment: f.querySelector("textarea").value };
      }),
      comment: form.querySelector("textarea[name='Form.Comment']").value,
    });
    async function save() {
      if (saving) { again = true; return; }
      saving = true;
      status.textContent = "Saving…";
      try {
        const r = await fetch(form.dataset.autosave, {
          method: "PUT", credentials: "same-origin", body: JSON.stringify(entries()),
          headers: { "Content-Type": "application/json", Accept: "application/json", ...await csrfHeader() },
        });
        status.textContent = r.ok ? `Draft saved ${new Date().toLocaleTimeString()}` : `Not saved: ${await problemOf(r)}`;
      } catch {
        status.textContent = "Not saved: the server cannot be reached. Your entries stay on this page; save again later.";
      }
      saving = false;
      if (again) { again = false; save(); } else if (!timer) delete form.dataset.pending;
    }
    // data-pending marks entries not yet saved, for the reviewer's eye and for tests that wait for the save.
    const schedule = () => {
      form.dataset.pending = "true";
      clearTimeout(timer);
      timer = setTimeout(() => { timer = null; save(); }, 500);
    };
    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    // A submit posts the form itself; a pending autosave must not race it.
    form.addEventListener("submit", () => clearTimeout(timer));
  }

  // --- comments on lines of code ------------------------------------------------------------------
  // The page's one line comment form moves under the line whose mark was clicked. Adding or removing a comment goes
  // through the API; the code is then fetched again and swapped in, so the rubric's unsaved entries stay as they are.
  function initLineComments(form) {
    const api = form.dataset.lineApi, home = document.createComment("line comment form");
    form.before(home);
    const path = form.querySelector("[name='Line.Path']"), number = form.querySelector("[name='Line.Number']");
    const text = form.querySelector("[name='Line.Text']"), status = form.querySelector("[data-line-status]");
    const cancel = form.querySelector("[data-line-cancel]");
    const refuse = (message) => { status.textContent = message; status.hidden = false; };
    let opener = null;
    const goHome = () => {
      home.after(form); form.classList.remove("inline"); cancel.hidden = true; status.hidden = true;
      if (opener && document.contains(opener)) opener.focus({ preventScroll: true });
      opener = null;
    };
    async function swapCode() {
      const r = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      const doc = new DOMParser().parseFromString(await r.text(), "text/html");
      for (const fresh of doc.querySelectorAll("section.code-file[id]")) document.getElementById(fresh.id)?.replaceWith(fresh);
    }
    // Null when saved; else what went wrong. Saved but not shown again (the page could not be fetched) is said as such,
    // so that nobody adds the same comment twice.
    async function send(url, method, body) {
      let r;
      try {
        r = await fetch(url, {
          method, credentials: "same-origin", body: body && JSON.stringify(body),
          headers: { "Content-Type": "application/json", Accept: "application/json", ...await csrfHeader() },
        });
      } catch {
        return "the server cannot be reached; try again later.";
      }
      if (!r.ok) return problemOf(r);
      try { await swapCode(); } catch { location.reload(); }
      return null;
    }
    document.addEventListener("click", async (e) => {
      const mark = e.target.closest && e.target.closest("a[data-comment-line]");
      const remove = e.target.closest && e.target.closest("button[form='line-delete']");
      if (mark) {
        e.preventDefault();
        path.value = mark.dataset.path; number.value = mark.dataset.commentLine; opener = mark;
        mark.closest("li").append(form);
        form.classList.add("inline"); cancel.hidden = false; status.hidden = true;
        text.focus();
      } else if (remove) {
        e.preventDefault();
        if (remove.closest("li")?.contains(form)) goHome();
        const problem = await send(`${api}/${remove.value}`, "DELETE");
        if (problem) alert(`The comment was not removed: ${problem}`);
      }
    });
    cancel.addEventListener("click", goHome);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      status.hidden = true;
      if (!text.value.trim()) return refuse("Write the comment first.");
      const problem = await send(api, "POST", { path: path.value, line: Number(number.value), text: text.value });
      if (problem) return refuse(`Not saved: ${problem}`);
      text.value = "";
      goHome();
    });
  }

  // --- pages that follow work in progress (a rejudge's preview) --------------------------------------
  // The element is fetched again from its own page every few seconds and swapped in place, until the
  // server renders it without data-refresh (the work is done). Nothing is lost: such parts hold no input.
  function initRefresh(el) {
    const seconds = Number(el.dataset.refresh) || 2;
    setTimeout(async () => {
      try {
        const r = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
        const doc = new DOMParser().parseFromString(await r.text(), "text/html");
        const fresh = doc.getElementById(el.id);
        // Gone or no longer allowed (signed out, taken away): stop asking; the page says what it said last.
        if (r.status >= 400 && r.status < 500) return;
        if (!r.ok || !fresh) { initRefresh(el); return; }
        el.replaceWith(fresh);
        localTimes();
        if (fresh.dataset.refresh) initRefresh(fresh);
      } catch {
        initRefresh(el);
      }
    }, seconds * 1000);
  }

  function init() {
    const parts = [
      () => { localTimes(); setInterval(localTimes, 30000); },
      () => { const form = document.getElementById("upload"); if (form) initUpload(form); },
      () => { const live = document.querySelector("#live[data-submission]"); if (live && !finished(live.dataset.status)) initLive(live); },
      () => { const next = document.querySelector("a[data-next]"); if (next) initNextKey(next); },
      () => { const form = document.querySelector("form[data-autosave]"); if (form) initAutosave(form); },
      () => { const form = document.getElementById("line-comment"); if (form) initLineComments(form); },
      () => { for (const el of document.querySelectorAll("[data-refresh][id]")) initRefresh(el); },
    ];
    for (const part of parts) {
      try { part(); } catch (e) { console.error(e); }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
