// Segment editor: shows the inputs of each rule's kind, adds and removes rule rows, and keeps a
// live count of the members matching the form as it stands. Without this script the page still
// works: every input is shown and the "count" button re-renders the page with the count.
(function () {
  "use strict";
  var form = document.getElementById("segment-form");
  if (!form) return;
  var rules = document.getElementById("rules");
  var template = document.getElementById("rule-template");
  var addButton = document.getElementById("add-rule");
  var output = document.getElementById("live-count");
  var next = parseInt(rules.getAttribute("data-next"), 10) || 0;
  var timer = null;
  var sequence = 0;

  function showKind(row) {
    var kind = row.querySelector(".rule-kind").value;
    row.querySelectorAll(".rule-group").forEach(function (group) {
      group.hidden = group.getAttribute("data-kind").split(" ").indexOf(kind) < 0;
    });
  }

  function prepare(row) {
    showKind(row);
    var remove = row.querySelector(".rule-remove");
    remove.hidden = false;
    remove.addEventListener("click", function () { row.remove(); scheduleCount(); });
    row.querySelector(".rule-kind").addEventListener("change", function () { showKind(row); });
  }

  function scheduleCount() {
    clearTimeout(timer);
    timer = setTimeout(count, 350);
  }

  function count() {
    var mine = ++sequence;
    output.textContent = "…";
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (response) { return response.json(); }).then(function (answer) {
      if (mine !== sequence) return;
      if (typeof answer.count === "number") {
        output.textContent = answer.count.toLocaleString(document.documentElement.lang || undefined);
        output.removeAttribute("title");
      } else {
        output.textContent = "—";
        output.title = (answer.errors || []).map(function (e) { return e.field + " " + e.message; }).join("\n");
      }
    }).catch(function () {
      if (mine === sequence) output.textContent = "—";
    });
  }

  rules.querySelectorAll(".rule").forEach(prepare);
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split("__i__").join(String(next++));
    var row = holder.querySelector(".rule");
    rules.appendChild(row);
    prepare(row);
    row.querySelector(".rule-kind").focus();
  });
  form.addEventListener("input", scheduleCount);
  form.addEventListener("change", scheduleCount);
  var remove = document.getElementById("delete-segment");
  if (remove) {
    remove.addEventListener("click", function (event) {
      if (!window.confirm(remove.getAttribute("data-confirm"))) event.preventDefault();
    });
  }
  scheduleCount();
})();
