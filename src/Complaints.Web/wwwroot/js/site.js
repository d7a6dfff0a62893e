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
