// The pages' small behaviours, driven by data attributes (the Content-Security-Policy allows no
// inline script). Without JavaScript every page still works: all options stay listed.
(function () {
  "use strict";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // <details data-open-wide>: wide screens have room for every filter, so open the fold there
  // (phones keep it closed).
  if (window.matchMedia && window.matchMedia("(min-width: 960px)").matches) {
    each("details[data-open-wide]", function (details) { details.open = true; });
  }

  // <span hidden data-narrow data-parent="id_province" data-child="id_commune" data-attr="province">:
  // keep only the child's options whose data-<attr> is the parent's value.
  each("[data-narrow]", function (marker) {
    var parent = document.getElementById(marker.dataset.parent);
    var child = document.getElementById(marker.dataset.child);
    var attr = "data-" + marker.dataset.attr;
    if (!parent || !child) return;
    function narrow() {
      each("option", function (option) {
        var own = option.getAttribute(attr);
        option.hidden = own !== null && parent.value !== "" && own !== parent.value;
      }, child);
      var chosen = child.options[child.selectedIndex];
      if (chosen && chosen.hidden) child.value = "";
    }
    parent.addEventListener("change", narrow);
    narrow();
  });

  // <span hidden data-unit-filter data-scheme="id" data-unit="id" data-options="json id">:
  // the unit list follows the chosen scheme (options from a json_script block).
  each("[data-unit-filter]", function (marker) {
    var scheme = document.getElementById(marker.dataset.scheme);
    var unit = document.getElementById(marker.dataset.unit);
    var data = document.getElementById(marker.dataset.options);
    if (!scheme || !unit || !data) return;
    var options = JSON.parse(data.textContent);
    scheme.addEventListener("change", function () {
      var first = unit.options[0];
      unit.innerHTML = "";
      unit.appendChild(first);
      (options[scheme.value] || []).forEach(function (pair) {
        unit.appendChild(new Option(pair[1], pair[0]));
      });
      unit.value = "";
    });
  });

  // Targets: show "Hạng sao" and "Loại hình chủ thể" only for the kinds that use them.
  each("[data-target-fields]", function (box) {
    var kind = box.querySelector("[data-kind-select]");
    if (!kind) return;
    var dependents = box.querySelectorAll("[data-for-kinds]");
    function update() {
      Array.prototype.forEach.call(dependents, function (input) {
        var show = input.getAttribute("data-for-kinds").split(" ").indexOf(kind.value) !== -1;
        var field = input.closest(".field");
        if (field) field.hidden = !show;
        if (!show) input.value = "";
      });
    }
    kind.addEventListener("change", update);
    update();
  });

  // <button data-confirm="Xóa chỉ tiêu này?">: ask before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // <div id="progress" data-url="…" data-poll>: follow a running import, reload when it is done.
  var box = document.querySelector("[data-poll][data-url]");
  if (box) {
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var poll = function () {
      fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (bar) bar.value = data.percent;
          if (text) text.textContent = data.processed + " / " + data.total;
          if (data.done) { window.location.reload(); } else { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  }
})();
