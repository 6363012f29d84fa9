// The project's own behaviour, in one file: templates carry data-* attributes, never inline
// scripts or on…= handlers, so that the Content-Security-Policy can forbid both.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.submit();
    }
  });

  // <form data-confirm="question">: submitted only when the user confirms.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <button data-print>: prints the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // <form data-focus="#field">: focus the first field with an error, else that field.
  function focusFirstField() {
    var form = document.querySelector("form[data-focus]");
    if (!form) {
      return;
    }
    var field = form.querySelector(".is-invalid") || form.querySelector(form.getAttribute("data-focus"));
    if (field) {
      field.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstField);
  } else {
    focusFirstField();
  }
})();
