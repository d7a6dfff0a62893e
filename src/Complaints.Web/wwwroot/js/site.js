// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("has-js");

document.addEventListener("click", function (e) {
    var print = e.target.closest("[data-print]");
    if (print) { e.preventDefault(); window.print(); }

    var locate = e.target.closest("[data-locate]");
    if (locate && navigator.geolocation) {
        e.preventDefault();
        var status = document.getElementById("locate-status");
        navigator.geolocation.getCurrentPosition(function (pos) {
            document.getElementById("Input_Latitude").value = pos.coords.latitude.toFixed(6);
            document.getElementById("Input_Longitude").value = pos.coords.longitude.toFixed(6);
            if (status) status.textContent = locate.getAttribute("data-done");
        }, function () {
            if (status) status.textContent = locate.getAttribute("data-failed");
        });
    }
});

// Staff: choosing a ready answer fills its text box at once; without script, the button beside it does.
document.addEventListener("change", function (e) {
    var select = e.target.closest && e.target.closest("select[data-template-target]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var text = option && option.getAttribute("data-text");
    var target = document.getElementById(select.getAttribute("data-template-target"));
    if (text && target) target.value = text;
});

// Filing forms: only the chosen category's extra questions are shown; without script, every category's are.
(function () {
    var select = document.getElementById("Input_Category");
    var sets = document.querySelectorAll("fieldset[data-questions-for]");
    if (!select || sets.length === 0) return;
    function show() {
        for (var i = 0; i < sets.length; i++)
            sets[i].hidden = sets[i].getAttribute("data-questions-for") !== select.value;
    }
    select.addEventListener("change", show);
    show();
})();
