// Steps through a recorded backward pass. The page embeds the steps as JSON in
// <script class="ebp-data">; this script only shows them: it highlights the current node
// and the edges its gradient travels, writes gradients on the nodes reached so far, and
// fills the detail panel. Text is set with textContent, never parsed as HTML.
(function () {
  "use strict";

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function init(root, wholePage) {
    if (root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var data = JSON.parse(root.querySelector("script.ebp-data").textContent);
    var steps = data.steps, uid = root.id, current = 0;
    var prev = root.querySelector(".ebp-prev"), next = root.querySelector(".ebp-next");
    var counter = root.querySelector(".ebp-counter");
    var title = root.querySelector(".ebp-title"), summary = root.querySelector(".ebp-summary");
    var sections = root.querySelector(".ebp-sections");
    var canvas = root.querySelector(".ebp-canvas");

    function node(i) { return document.getElementById(uid + "-n" + i); }
    function edge(k) { return document.getElementById(uid + "-e" + k); }
    function label(k) { return document.getElementById(uid + "-l" + k); }

    function clearDrawing() {
      root.querySelectorAll(".ebp-node").forEach(function (n) {
        n.classList.remove("ebp-current", "ebp-done");
        n.querySelector(".ebp-grad").textContent = "";
      });
      root.querySelectorAll(".ebp-edge").forEach(function (e) {
        e.classList.remove("ebp-active");
      });
      root.querySelectorAll(".ebp-elabel").forEach(function (l) { l.textContent = ""; });
    }

    function showSections(list) {
      sections.textContent = "";
      list.forEach(function (section) {
        var box = make("div", "ebp-section" + (section[0] === "Result" ? " ebp-result" : ""));
        box.appendChild(make("h4", "", section[0]));
        var table = make("table");
        section[1].forEach(function (row) {
          var tr = make("tr");
          tr.appendChild(make("td", "ebp-label", row[0]));
          tr.appendChild(make("td", "ebp-value", row[1]));
          table.appendChild(tr);
        });
        box.appendChild(table);
        sections.appendChild(box);
      });
    }

    function show(index) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      var step = steps[current];
      clearDrawing();
      for (var i = 0; i <= current; i++) {
        var n = node(steps[i].node);
        n.classList.add(i === current ? "ebp-current" : "ebp-done");
        n.querySelector(".ebp-grad").textContent = steps[i].mark;
      }
      step.edges.forEach(function (pair) {
        var e = edge(pair[0]);
        e.classList.add("ebp-active");
        label(pair[0]).textContent = pair[1];
      });
      counter.textContent = "Step " + (current + 1) + " of " + steps.length;
      root.setAttribute("data-step", String(current));
      title.textContent = step.title;
      summary.textContent = step.summary;
      showSections(step.sections);
      prev.disabled = current === 0;
      next.disabled = current === steps.length - 1;
      reveal(node(step.node));
    }

    // Scroll the drawing (only the drawing: never the page around it, which in a notebook
    // would jump) so that the current node is visible.
    function reveal(target) {
      var box = target.getBoundingClientRect(), view = canvas.getBoundingClientRect();
      var pad = 24;
      if (box.left < view.left + pad) {
        canvas.scrollLeft -= view.left + pad - box.left;
      } else if (box.right > view.right - pad) {
        canvas.scrollLeft += box.right - view.right + pad;
      }
      if (box.top < view.top + pad) {
        canvas.scrollTop -= view.top + pad - box.top;
      } else if (box.bottom > view.bottom - pad) {
        canvas.scrollTop += box.bottom - view.bottom + pad;
      }
    }

    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    // A whole page listens everywhere; a notebook output only while it has the focus, so
    // that several step-throughs on one page do not all move at once.
    (wholePage ? document : root).addEventListener("keydown", function (ev) {
      var moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
      if (ev.key === "Home") { show(0); } else if (ev.key === "End") { show(steps.length - 1); }
      else if (moves[ev.key]) { show(current + moves[ev.key]); } else { return; }
      ev.preventDefault();
    });
    show(0);
  }

  document.querySelectorAll(".ember-backprop").forEach(function (root) {
    init(root, root.getAttribute("data-page") === "1");
  });
})();
