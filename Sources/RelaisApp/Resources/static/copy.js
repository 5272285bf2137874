// Copy buttons: <button data-copy="field-id" data-copied="Copied!" hidden> copies the value of the
// field and says so for a moment. Without JavaScript the buttons stay hidden and the field can be
// selected by hand.
(function () {
  function copied(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-copied") || label;
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  function byHand(field, button) {
    field.focus();
    field.select();
    try { document.execCommand("copy"); copied(button); } catch (e) { /* the field stays selected */ }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) { return; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { copied(button); }, function () { byHand(field, button); });
      } else {
        byHand(field, button);
      }
    });
  });
})();
