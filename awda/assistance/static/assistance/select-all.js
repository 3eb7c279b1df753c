// "Select all listed" / "clear" for the distribution case picker. Static file, no inline
// script, so a Content-Security-Policy without 'unsafe-inline' keeps working.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-check-all]");
  if (!button) return;
  event.preventDefault();
  var value = button.getAttribute("data-check-all") === "on";
  var scope = document.querySelector(button.getAttribute("data-scope"));
  if (!scope) return;
  scope.querySelectorAll('input[type="checkbox"][name="cases"]').forEach(function (box) {
    box.checked = value;
  });
  var counter = document.getElementById("selected-count");
  if (counter) counter.textContent = document.querySelectorAll('input[name="cases"]:checked').length;
});
document.addEventListener("change", function (event) {
  if (event.target.name !== "cases") return;
  var counter = document.getElementById("selected-count");
  if (counter) counter.textContent = document.querySelectorAll('input[name="cases"]:checked').length;
});
