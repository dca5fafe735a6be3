/* Small page behaviours, declared in the markup with data-* attributes, so that no page needs an inline
   script or an on…= handler (the Content-Security-Policy allows scripts from this site only).

   data-autosubmit          on a <select>: choosing an option submits its form (a <noscript> button stays)
   data-confirm="问题"       on a <form>: ask before submitting; "取消" keeps the page as it is
   data-fill="字段名"        on a <select>: choosing an option copies its value into that field of the form
   data-width="42%"         on an element: its width (the bars of the coverage meters)
   data-swap-errors         on an htmx target: 4xx answers (a clear Chinese message) are shown in it too */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLSelectElement) || !el.form) return;
    if (el.hasAttribute("data-autosubmit")) {
      if (typeof el.form.requestSubmit === "function") el.form.requestSubmit();
      else el.form.submit();
    }
    var fill = el.getAttribute("data-fill");
    if (fill && el.form.elements[fill]) el.form.elements[fill].value = el.value;
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  function widths(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = el.getAttribute("data-width");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:afterSwap", function (event) { widths(event.detail.target || document); });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if (target && target.hasAttribute("data-swap-errors") && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
