// Live total of a scoring sheet (self-assessment, simulator, member's sheet): sums the chosen
// options and part totals and shows the star band from data-thresholds. A static file because the
// Content-Security-Policy allows no inline script; without JavaScript the server's total shows.
(function () {
  document.querySelectorAll(".score-sheet").forEach(function (sheet) {
    var bands = sheet.dataset.thresholds.split(",").map(function (p) { var x = p.split(":"); return [parseFloat(x[0]), x[1]]; });
    function update() {
      var total = 0;
      sheet.querySelectorAll("input[type=radio]:checked").forEach(function (r) { total += parseFloat(r.dataset.points); });
      sheet.querySelectorAll(".sheet-part-input").forEach(function (i) { total += parseFloat(i.value || 0); });
      var stars = "1";
      for (var i = 0; i < bands.length; i++) { if (total >= bands[i][0]) { stars = bands[i][1]; break; } }
      sheet.querySelector(".js-total").textContent = total.toFixed(2).replace(/\.00$/, "");
      sheet.querySelector(".js-stars").textContent = stars;
      var missing = sheet.querySelector(".js-missing");
      if (missing) { missing.remove(); }
    }
    sheet.addEventListener("input", update);
    sheet.addEventListener("change", update);
  });
})();
