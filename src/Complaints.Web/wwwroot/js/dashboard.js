// The staff dashboard's charts: each is drawn from the numbers of the table it stands over; the table stays
// the version for screen readers and for browsers without script. Chart.js is vendored in /lib/chart.js.
(function () {
    "use strict";
    if (typeof Chart === "undefined") return;

    var root = document.documentElement;
    var rtl = root.dir === "rtl";
    var page = getComputedStyle(document.body);
    var colors = { received: "#5b6b7f", treated: "#1f6fb2", definitive: "#0b5d3b" };

    Chart.defaults.font.family = page.fontFamily;
    Chart.defaults.color = page.color;
    // Latin digits in both languages, as the page writes them.
    Chart.defaults.locale = root.lang === "ar" ? "ar-MA-u-nu-latn" : "fr-MA";
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

    Array.from(document.querySelectorAll("table[data-chart]")).forEach(function (table) {
        var kind = table.getAttribute("data-chart");
        var rows = Array.from(table.tBodies[0].rows);
        var datasets = [];
        Array.from(table.tHead.rows[0].cells).forEach(function (th, column) {
            var series = th.getAttribute("data-series");
            if (!series) return;
            datasets.push({
                label: th.textContent.trim(),
                data: rows.map(function (row) { return Number(row.cells[column].getAttribute("data-value")); }),
                backgroundColor: colors[series],
                borderColor: colors[series],
                borderWidth: kind === "line" ? 3 : 0,
            });
        });

        // The chart repeats the table for the eye only: screen readers read the table.
        var box = document.createElement("div");
        box.className = "chart";
        box.setAttribute("aria-hidden", "true");
        var canvas = document.createElement("canvas");
        box.appendChild(canvas);
        var place = table.closest(".table-scroll") || table;
        place.parentNode.insertBefore(box, place);

        var horizontal = kind === "hbar";
        if (horizontal) box.style.blockSize = (rows.length * 2.4 + 6) + "rem";
        // Right to left: months and values run from the right, the labels stand on the right, legend and tooltips read RTL.
        var direction = rtl ? "rtl" : "ltr";
        var count = { beginAtZero: true, ticks: { precision: 0 } };
        var labels = { ticks: { autoSkip: false } };
        new Chart(canvas, {
            type: kind === "line" ? "line" : "bar",
            data: { labels: rows.map(function (row) { return row.cells[0].textContent.trim(); }), datasets: datasets },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                indexAxis: horizontal ? "y" : "x",
                plugins: {
                    legend: { rtl: rtl, textDirection: direction },
                    tooltip: { rtl: rtl, textDirection: direction },
                },
                scales: {
                    x: Object.assign({ reverse: rtl }, horizontal ? count : {}),
                    y: Object.assign({ position: rtl ? "right" : "left" }, horizontal ? labels : count),
                },
            },
        });
        box.setAttribute("data-drawn", "true");
    });
})();
