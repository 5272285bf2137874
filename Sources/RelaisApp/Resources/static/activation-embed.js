// Inside the widget's iframe: tells the embedding page how tall the activation is, so that the
// iframe grows with the form, its messages and the confirmation (no scrollbar inside a scrollbar).
(function () {
  function send() {
    window.parent.postMessage({ relaisHeight: Math.ceil(document.documentElement.scrollHeight) }, "*");
  }
  window.addEventListener("load", send);
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
})();
