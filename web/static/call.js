// The live call page: render the call's event stream, post ticks/actions/reviews, keyboard keys.
// Everything shown comes from the event log (SSE, resumable with Last-Event-ID), so every
// staff member watching the call sees the same state, and a reload rebuilds it exactly.
"use strict";

(function () {
  const root = document.getElementById("call");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const tz = root.dataset.tz || undefined;
  const clock = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: tz,
  });
  const OUTCOME = { asked: "asked", answered: "answered", refused: "refused",
    unable: "could not answer", yes: "yes", text: "noted", clear: "" };
  const ticks = {};
  let selected = null;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const hhmmss = (at) => clock.format(new Date(at));

  // ---- transcript -------------------------------------------------------
  function addSegment(p) {
    const list = p.version === "batch" ? $("batch") : $("segments");
    if (p.version === "batch") $("batch-wrap").hidden = false;
    const li = el("li", "seg " + (p.track === "staff" ? "staff" : "caller"));
    li.dataset.start = p.start;
    li.append(el("span", "who", p.track === "staff" ? "Staff" : "Caller"));
    li.append(el("span", "t", fmtOffset(p.start)));
    li.append(el("span", "text", p.text));
    if (p.lower_accuracy) {
      li.append(el("span", "lower", "machine transcript — lower accuracy"));
      $("tx-lower").hidden = false;
    }
    const after = [...list.children].find((c) => Number(c.dataset.start) > Number(p.start));
    list.insertBefore(li, after || null);
    if (p.version !== "batch") setPartial(p.track, "");
  }
  function fmtOffset(s) {
    const n = Math.max(0, Math.floor(Number(s) || 0));
    return Math.floor(n / 60) + ":" + String(n % 60).padStart(2, "0");
  }
  function setPartial(track, text) {
    let li = $("partial-" + track);
    if (!text) { if (li) li.remove(); return; }
    if (!li) {
      li = el("li", "seg partial " + track);
      li.id = "partial-" + track;
      li.append(el("span", "who", track === "staff" ? "Staff" : "Caller"));
      li.append(el("span", "t", "…"));
      li.append(el("span", "text"));
      li.append(el("span", "lower", "still listening — not final"));
      $("partials").append(li);
    }
    li.querySelector(".text").textContent = text;
  }
  function transcriptionState(p) {
    const box = $("tx-state");
    const words = { unavailable: "Transcription unavailable", error: "Transcription failed",
      behind: "Transcription is running behind", stopped: "Transcription stopped" };
    box.hidden = !words[p.state];
    box.textContent = (words[p.state] || "") + (p.detail ? ": " + p.detail : "") +
      (p.state === "unavailable" || p.state === "error" ? " — listen and note the exact words." : "");
    box.className = "tx-state " + p.state;
  }

  // ---- checklist and actions ------------------------------------------
  function applyTick(p, at) {
    ticks[p.item] = { ...p, at };
    if (p.item === "obs.exact_words") {
      $("words-state").textContent = "saved by " + p.by + " at " + hhmmss(at);
      if (document.activeElement !== $("exact-words")) $("exact-words").value = p.note;
      return;
    }
    if (p.item === "bomb.claimed") { showBomb(); }
    const row = document.querySelector('.item[data-item="' + CSS.escape(p.item) + '"]');
    if (!row) return;
    const label = OUTCOME[p.value] || p.value;
    row.dataset.value = p.value;
    row.querySelector(".state").textContent =
      p.value === "clear" ? "" : label + " · " + p.by + " " + hhmmss(at) + (p.note ? " · " + p.note : "");
  }
  function addAction(p, at) {
    const button = document.querySelector('.act[data-action="' + p.action + '"]');
    if (button) button.classList.add("done");
    const li = el("li");
    li.append(el("span", "t", hhmmss(at)));
    li.append(el("strong", "", button ? button.textContent.replace(/^\s*\S+\s/, "") : p.action));
    const extra = [p.name, p.note].filter(Boolean).join(" · ");
    li.append(el("span", "", (extra ? " — " + extra : "") + " (by " + p.by + ")"));
    $("action-log").append(li);
  }

  // ---- indicators ------------------------------------------------------
  function renderSummary(s) {
    renderList("danger", s.danger);
    renderList("swatting", s.swatting);
    renderList("context", s.context);
    $("context-wrap").hidden = !s.context.length;
    const q = s.next_question;
    $("next-question").textContent = q.text;
    $("next-key").hidden = !q.key;
    $("next-key").textContent = (q.key || "").toUpperCase();
    $("next-why").textContent = q.why ? "(" + q.why + ")" : "";
    if (s.device_claimed) showBomb();
    const rw = s.swatting.filter((i) => /^(caller\.repeat|wave\.)/.test(i.indicator));
    $("repeat-wave").textContent = rw.length ? rw.map((i) => i.summary).join(" · ") : "none seen";
  }
  function renderList(name, items) {
    const list = $("list-" + name);
    list.replaceChildren();
    if ($("count-" + name)) $("count-" + name).textContent = items.length;
    if (!items.length && name !== "context") list.append(el("li", "none", "none detected yet"));
    for (const item of items) list.append(indicatorItem(item));
  }
  function indicatorItem(item) {
    const li = el("li", "ind" + (item.review ? " " + item.review.decision : ""));
    li.append(el("div", "ind-label", item.label));
    li.append(el("div", "ind-summary", item.summary));
    const details = el("details", "evidence");
    details.append(el("summary", "", "evidence"));
    details.append(el("pre", "", JSON.stringify(item.evidence, null, 1)));
    li.append(details);
    if (item.review) {
      li.append(el("div", "review", item.review.decision + " by " + item.review.by + " " +
        hhmmss(item.review.at)));
    }
    if (!item.manual) {
      const bar = el("div", "review-buttons");
      for (const decision of ["confirmed", "dismissed"]) {
        const b = el("button", "small", decision === "confirmed" ? "Confirm" : "Dismiss");
        b.type = "button";
        b.addEventListener("click", () =>
          post(root.dataset.reviews, { indicator: item.indicator, decision }));
        bar.append(b);
      }
      li.append(bar);
    }
    return li;
  }
  function showBomb() { $("bomb").hidden = false; }

  // ---- the stream -------------------------------------------------------
  const handlers = {
    segment: (p) => addSegment(p),
    "transcript.partial": (p) => setPartial(p.track, p.text),
    "transcription.state": (p) => transcriptionState(p),
    "checklist.tick": (p, at) => applyTick(p, at),
    action: (p, at) => addAction(p, at),
    status: (p) => { $("call-status").textContent = p.status; },
  };
  function connect() {
    const source = new EventSource(root.dataset.events);
    source.onopen = () => { $("conn").textContent = "Live"; $("conn").className = "conn ok"; };
    source.onerror = () => {
      $("conn").textContent = "Reconnecting to live updates…";
      $("conn").className = "conn lost";
    };
    source.onmessage = (msg) => {
      const event = JSON.parse(msg.data);
      const handle = handlers[event.kind];
      if (handle) handle(event.payload, event.at);
      root.dataset.lastEventId = event.id;
    };
    source.addEventListener("summary", (msg) => renderSummary(JSON.parse(msg.data)));
  }

  // ---- posting ----------------------------------------------------------
  async function post(url, fields) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v == null ? "" : v);
    try {
      const r = await fetch(url, { method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, Accept: "application/json" } });
      if (!r.ok) toast("Not saved: " + (await r.text()));
    } catch (e) {
      toast("Not saved: no connection to the server. Try again.");
    }
  }
  function toast(text) {
    const t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 6000);
  }
  function tick(item, value, note) {
    if (value === "toggle") value = ticks[item] && ticks[item].value === "yes" ? "clear" : "yes";
    post(root.dataset.ticks, { item, value, note: note || "" });
  }
  function select(item) {
    document.querySelectorAll(".item.selected").forEach((n) => n.classList.remove("selected"));
    selected = item;
    const row = document.querySelector('.item[data-item="' + CSS.escape(item) + '"]');
    if (row) row.classList.add("selected");
  }
  function act(action) {
    const label = document.querySelector('.act[data-action="' + action + '"]').textContent
      .replace(/^\s*\S+\s/, "").trim();
    const ask = action === "partner_contacted" ? "Name of the person you spoke to:" :
      action === "neighbours_contacted" ? "Who was contacted?" :
      ["lockdown", "shelter", "evacuate"].includes(action) ? "Decided by whom?" : "Note (optional):";
    const preset = action === "partner_contacted" ? root.dataset.partner : "";
    const answer = window.prompt(label + "\n" + ask, preset);
    if (answer === null) return;
    const named = action !== "called_911";
    post(root.dataset.actions, { action, name: named ? answer : "", note: named ? "" : answer });
  }

  // ---- keyboard -----------------------------------------------------------
  const keyItems = {};
  document.querySelectorAll(".item[data-key]").forEach((n) => { keyItems[n.dataset.key] = n; });
  const actionKeys = {};
  document.querySelectorAll(".act[data-key]").forEach((n) => { actionKeys[n.dataset.key] = n; });
  const outcomeKeys = { a: "answered", r: "refused", u: "unable" };

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (typing) { if (e.key === "Escape") document.activeElement.blur(); return; }
    const key = e.key.toLowerCase();
    if (key === "?") { $("keys").hidden = !$("keys").hidden; return; }
    if (key === "escape") { $("keys").hidden = true; return; }
    if (key === "n") { e.preventDefault(); $("exact-words").focus(); return; }
    if (key === "b") { tick("bomb.claimed", "yes"); showBomb(); return; }
    if (outcomeKeys[key] && selected) { tick(selected, outcomeKeys[key]); return; }
    if (actionKeys[key]) { e.preventDefault(); act(actionKeys[key].dataset.action); return; }
    const row = keyItems[key];
    if (!row || row.closest("[hidden]")) return;
    const item = row.dataset.item;
    if (row.classList.contains("flag")) {
      const note = item === "obs.background" && !(ticks[item] && ticks[item].value === "yes")
        ? window.prompt("What background sounds?", "") : "";
      if (note === null) return;
      tick(item, "toggle", note);
      return;
    }
    select(item);
    tick(item, "asked");
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("click", (e) => {
    const b = e.target.closest("button.tick");
    if (b) {
      if (b.dataset.value !== "toggle" && b.dataset.item.match(/^(ask|bomb)\./)) select(b.dataset.item);
      tick(b.dataset.item, b.dataset.value);
      if (b.dataset.item === "bomb.claimed") showBomb();
    }
    const a = e.target.closest("button.act");
    if (a) act(a.dataset.action);
  });
  $("words-form").addEventListener("submit", (e) => {
    e.preventDefault();
    tick("obs.exact_words", "text", $("exact-words").value);
  });
  $("exact-words").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("words-form").requestSubmit(); }
  });
  connect();
})();
