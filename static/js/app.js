/* Show htmx errors the user would otherwise never see (a swap is skipped for 4xx/5xx). */
(function () {
  "use strict";

  function showError(text) {
    var area = document.getElementById("flashes");
    if (!area) { return; }
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = text;
    area.replaceChildren(p);
  }

  function titleOf(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var h1 = doc.querySelector("main h1");
    var detail = doc.querySelector("main .error-page p:not(.error-code)");
    if (h1) { return h1.textContent + (detail ? ": " + detail.textContent : ""); }
    return "Đã có lỗi xảy ra (mã " + xhr.status + "). Vui lòng tải lại trang.";
  }

  document.addEventListener("htmx:responseError", function (event) {
    showError(titleOf(event.detail.xhr));
  });
  // A table row swapped in place (inline edit opened, saved or cancelled) removes the element
  // that had the focus; keyboard and screen-reader users would be thrown back to the page start.
  // Move the focus into the new row: the first field in error, else its first field or link.
  document.addEventListener("htmx:load", function (event) {
    var row = event.detail.elt;
    var active = document.activeElement;
    if (!row || row.tagName !== "TR" || (active && active !== document.body && active.isConnected)) { return; }
    var target = row.querySelector("[aria-invalid='true']") ||
      row.querySelector("input:not([type=hidden]), select, textarea, a[href], button");
    if (target) { target.focus(); }
  });

  // A long form refused for an expired CSRF token comes back (400) with what was typed and a fresh token
  // (thidua/security.py, X-Form-Kept): show it, or the user would keep posting the stale token.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.getResponseHeader("X-Form-Kept") === "1") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showError("Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại; dữ liệu bạn đã nhập vẫn còn trên trang.");
  });
})();
